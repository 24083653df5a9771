package rules_test

// financeExamples are the true and false positives of the rules in finance.go.
var financeExamples = map[string]examples{
	"credit-card": {
		tp: []string{
			"card «4526018159083012» exp 09/27",
			"Card number: «4526 0181 5908 3012»",
			"charged «5166-1318-6091-3906» yesterday",
			`{"pan":"«2223996030824623»"}`,
			"Amex «3781 948219 93511» on file",
			"Discover «6011819093786579»",
			"JCB «3530975432319487»",
			"Diners «36757491186253»",
			"UnionPay «6227601895559796»",
			"Maestro «675971147102»",
			"old Visa «4497465075293»",
		},
		fp: []string{
			"card 4526018159083013 fails Luhn",
			"order 1234567890123452 shipped",
			"tracking 9400111899223197428490",
			"uuid 5166131860913906-aa",
			"id 8166131860913906 has no scheme",
			"price 4526018159.083012",
			"timestamp 1700000000000000",
			"4444444444444448",
		},
	},
	"iban": {
		tp: []string{
			"IBAN: «DE14370400441234567890»",
			"pay to «DE14 3704 0044 1234 5678 90» by Monday",
			"«FR1420041010050500013M02606»",
			`{"iban":"«NL91ABNA0417164300»"}`,
			"account «GB29 NWBK 6016 1331 9268 19».",
			"lower-case «gb29nwbk60161331926819» works",
		},
		fp: []string{
			"DE14370400441234567891 fails mod-97",
			"DE1437040044123456789 is one short",
			"XX14370400441234567890 has no country",
			"ISO8601 timestamps",
			"AB12CD34 is a serial",
			"ADE14370400441234567890",
		},
	},
	"us-bank-routing": {
		tp: []string{
			"routing number: «304352056»",
			"ABA «213878375», account 0012345678",
			`{"routing_number":"«304352056»"}`,
			"RTN# «213878375»",
		},
		fp: []string{
			"routing number: 304352057",
			"routing table has 304352056 entries over 12 lines? no: 3043520561",
			"abacus 304352056",
			"routing\n304352056",
			"ABA 500015838 is outside the district prefixes",
		},
	},
	"btc-address-base58": {
		tp: []string{
			"send to «1JjDowfBmDu3Rdz873NsXM9RfUcJ3pnjW5» please",
			"P2SH «3P19uoCjU7TWheNd3LMYv9oviV2S8kXXRd»",
		},
		fp: []string{
			"1JjDowfBmDu3Rdz873NsXM9RfUcJ3pnjW6",
			"3P19uoCjU7TWheNd3LMYv9oviV2S8kXXRe",
			"123456789123456789123456789123",
			"id_1JjDowfBmDu3Rdz873NsXM9RfUcJ3pnjW5",
		},
	},
	"btc-address-bech32": {
		tp: []string{
			"segwit «bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4»",
			"taproot: «bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0»",
			"«BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4»",
		},
		fp: []string{
			"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
			"bc1Qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
			"abc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
			"bc1 is short",
		},
	},
	"eth-address": {
		tp: []string{
			"«0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed»",
			"wallet: «0x52908400098527886e0f7030069857d2e4169ee7»",
			"send 2 ETH to «0xde709f2102306220921060314715629080e2fb77»",
		},
		fp: []string{
			"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
			"commit 0x52908400098527886e0f7030069857d2e4169ee7",
			"0x0000000000000000000000000000000000000000",
			"mask 0xFFFFFFFF",
			"address 0x52908400098527886e0f7030069857d2e4169ee7aa",
		},
	},
}
