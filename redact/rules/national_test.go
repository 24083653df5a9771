package rules_test

// nationalExamples are the true and false positives of the rules in national.go.
var nationalExamples = map[string]examples{
	"us-ssn": {
		tp: []string{
			"SSN «536-22-8475» on file",
			"her number is «536 22 8475».",
			`{"ssn":"«671-04-2290»"}`,
			"«772-31-0458»",
		},
		fp: []string{
			"000-22-8475 has area 000",
			"666-22-8475 has area 666",
			"936-22-8475 is an ITIN range",
			"536-00-8475 has group 00",
			"536-22-0000 has serial 0000",
			"the wallet insert 078-05-1120",
			"536-22-84756 is too long",
			"2024-05-17 is a date",
			"call 1-536-22-8475",
			"part 536-22-8475-A",
		},
	},
	"us-ssn-context": {
		tp: []string{
			"SSN: «536228475»",
			"social security number «536228475»",
			`{"ssn": "«671042290»"}`,
			"SS# «536-22-8475»",
		},
		fp: []string{
			"SSN: 666228475",
			"ssn 53622847",
			"SSN lookups took 536228475 ns",
			"classnames 536228475",
			"SSN\n536228475",
		},
	},
	"us-driver-license": {
		tp: []string{
			"Driver's license number: «F162823540116»",
			"DL# «6940579»",
			`{"drivers_license": "«D123-4567-8901»"}`,
			"my driving licence is «U62928788557186»",
		},
		fp: []string{
			"driver's license expires 2027-05-17",
			"driver license required",
			"license number: XXXX-XXXX",
			"the dl number was lost",
			"license no. ABC",
		},
	},
	"uk-nino": {
		tp: []string{
			"NI number «AB123456C»",
			"national insurance: «JG 10 37 59 A».",
			`{"nino":"«ZR 48 73 21 D»"}`,
		},
		fp: []string{
			"QQ123456C is the HMRC example",
			"DA123456C has a D prefix",
			"GB123456A is not allocated",
			"AB123456E has suffix E",
			"XAB123456C is inside a word",
			"AB1234567C has seven digits",
		},
	},
	"in-aadhaar": {
		tp: []string{
			"Aadhaar «3703 4236 6710»",
			"UID: «4768-4268-4653»",
			"aadhaar no «476842684653»",
		},
		fp: []string{
			"3703 4236 6711 fails Verhoeff",
			"1703 4236 6710 starts with 1",
			"476842684653 without a cue",
			"3703 4236 6710 1234 is longer",
			"invoice 2222 2222 2222",
		},
	},
	"in-pan": {
		tp: []string{
			"PAN «AFZPK7190K»",
			`{"pan":"«BNZAA2318J»"}`,
		},
		fp: []string{
			"ABCDE1234F has holder type D",
			"AFZPK0000K has no serial",
			"XAFZPK7190K is longer",
			"AFZPK7190KX is longer",
			"afzpk7190k is lower case",
		},
	},
}
