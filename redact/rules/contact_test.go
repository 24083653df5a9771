package rules_test

// contactExamples are the true and false positives of the rules in contact.go.
var contactExamples = map[string]examples{
	"email-address": {
		tp: []string{
			"Please write to «jane.doe@corp-mail.io» before Friday.",
			`{"user":{"email":"«mkowalski+billing@post.example.org»"}}`,
			"From: Ruth Okafor <«r.okafor@uni-hamburg.de»>",
			"mailto:«support.team_7@x-ample.co.uk».",
			"contact «PriyaNair@teleworm.us», thanks",
		},
		fp: []string{
			"postgres://app:s3cretpw@db.internal:5432/app",
			"git clone https://deploy:tok@github.com/org/repo.git",
			"decorators like @Override and @pytest.fixture",
			"npm install @types/node@20.11.5",
			"ping me @channel in the thread",
			"user@localhost is not an address with a TLD",
			"email: [REDACTED:EMAIL_ADDRESS] and <EMAIL_ADDRESS_1>",
			"a..b@mail.com has a doubled dot",
		},
	},
	"phone-number": {
		tp: []string{
			"Call me at «(415) 555-2671» tomorrow.",
			"US office: «+1 212-736-4598»",
			"Mobile: «07911 123456»",
			"UK landline «+44 20 7946 1234».",
			"Festnetz «+49 30 12345678», mobil ist besser",
			"Mein Handy: «0151 23456789»",
			"Téléphone : «+33 6 12 34 56 78»",
			"appelez le «06 12 34 56 78» après 18h",
			"WhatsApp «+91 98765 43210» anytime",
			"Telefone «+55 11 91234-5678» (celular)",
			"Fax: «001-518-640-0854»",
			"Desk: «+1-903-140-4508x769»",
			"phone «345-899-3560x4587»",
			`{"phone":"«+41 (0)44 668 18 00»"}`,
			"tel. «467 3395»",
			"«082 490 1693»-Office",
			"office line («212-736-4598»)",
		},
		fp: []string{
			"Order 4012 8812 3456 7890 shipped",
			"released on 2024-05-17 10:42:11",
			"build 20240517.1234 from main",
			"SSN 536-22-8475 on file",
			"server 10.20.30.40 is down",
			"the total was 1 234 567 units in 2023",
			"ids 12345 67890 were merged",
			"+1234 is not a number",
			"timestamp 1700000000123",
			"the range 555-12 to 555-99",
			"version 10.0.19045.3803",
			"03262 2437 Main St",
		},
	},
}
