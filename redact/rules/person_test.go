package rules_test

// personExamples are the true and false positives of the rules in person.go.
var personExamples = map[string]examples{
	"date-of-birth": {
		tp: []string{
			"She was born on «2/8/1935».",
			"DOB: «1984-04-27»",
			`{"date_of_birth":"«17.05.1990»"}`,
			"Please tell me your date of birth. It's «6/24/1991»",
			"birthday «March 3, 1985»",
			"Geburtsdatum: «03.11.1962»",
			"born «12th of March, 1985» in Leeds",
		},
		fp: []string{
			"The idea was born (on the beach) in 2019",
			"released on 2024-05-17",
			"DOB: unknown, updated 2024-05-17 later that day after the call",
			"Dobrovského 1394, updated 2024-05-17",
			"born on 2/30/1935 is not a date",
			"stubborn 1984-04-27",
			"birth\n1984-04-27",
		},
	},
	"street-address": {
		tp: []string{
			"Ship it to «350 Fifth Avenue» please",
			"«10 Downing Street, London SW1A 2AA» is famous",
			"He lives on the north side of «Rua Diadema 1903».",
			"Jacob lives on «90 Whitchurch Road» street.",
			"«41086 Kiannonkatu 98\n Suite 464\n OULU\n\n Finland 80896»",
			"Meet me at «2274 Via delle Coste 41, Colle Di Tora»",
			"«1600 Pennsylvania Ave NW, Washington, DC 20500»",
			"address: «221B Baker Street»",
			"The bus station is on «Villacher Strasse 89»",
			"«233 Erzsébet tér 19.\n Suite 282\n Domoszló\n Hungary 34796»",
			"«28030 Edeby 55\n Apt. 297\n TYSTBERGA\n Sweden 99178»",
		},
		fp: []string{
			"we walked 5 miles down the road",
			"in 2019 the street was quiet",
			"Chapter 12 Road to Nowhere",
			"sent 5 via email",
			"page 3 of the Main Street report covers 12 points",
			"version 2 Way forward",
			"Mother mountain 100 fast",
			"seconds since 00:00:00 UTC on 1 January 1970.",
			"each also Dr. 2024 don't",
			"Windows 10 is old",
			"Python 3 and Go 1",
		},
	},
	"po-box": {
		tp: []string{
			"«P.O. Box 211»",
			"Address:\n«PSC 5217, Box 4854\nAPO AP 43617».",
			"Please return to «Unit 5146 Box 1772\nDPO AE 91410» in case of an issue.",
		},
		fp: []string{
			"unit 5 tests pass",
			"PSC 3294 without a box",
			"the po box is empty",
		},
	},
	"person-title": {
		tp: []string{
			"Ms. «Jones» flew to Oslo on Monday",
			"could you please correct it to Mrs. «Nanaho Nishiyama»?",
			"ask Dr «Ines Souza» to call",
			"Prof. «Ludwig van Dijk» retired",
		},
		fp: []string{
			"Mr. and Mrs. are titles",
			"MS SQL Server 2019",
			"the dr. is in",
			"items and forms",
			"Dr. [REDACTED:PERSON] called",
		},
	},
	"person-intro": {
		tp: []string{
			"Hello, my name is «Jacob Lindqvist» and I need help",
			"Name:    «Fredrik L Sommerseth»\nAddress: 83393 Pärna 33",
			"I'm «Natalia P. Sedláčková», originally from Brno",
			"What's your name? «Daniel Janíček»",
			"Dear «Mrs Okafor»,",
			"Sometimes people call me «Piusz»",
		},
		fp: []string{
			"I'm Happy to help",
			"this is Google Cloud",
			"my name is not important",
			"name: the_service",
			"surname: unknown",
			"filename: Report.pdf",
			"a key file written by GenerateKey",
			"a bundle written by Export using nothing",
			"name: K;",
			"name: BetaBrowserMemberName, input",
		},
	},
	"person-signature": {
		tp: []string{
			"See you then.\n\nBest regards,\n«Ingrid Halvorsen»\n",
			"Thanks,\n«Tomasz»",
			"Cheers!\n«Ana Lucia Ferreira»",
		},
		fp: []string{
			"Thanks, that works",
			"Best,\nthe team",
			"Regards,\nACME Support Team\n",
			"best practices\nFooBar",
		},
	},
	"person-initial": {
		tp: []string{
			"the verses from «Faina D. Yefremova»'s Cautionary Tales",
			"«Ravil G Yefimov» concert",
			"signed: «Hanne I. Kreutzmann»",
		},
		fp: []string{
			"Plan B. The rest",
			"Section A. Overview",
			"The X Factor",
			"ACME C. Corp",
			"USA A Team",
			"use option b. Then",
		},
	},
	"person-first-name": {
		tp: []string{
			"«Magnus» spent a year at the lab",
			"I want to add «Laura Hansen» as a beneficiary",
			"assistant to «Maria S. Almeida», and the following year",
			"«Natalia von Berg» signed",
		},
		fp: []string{
			"Savannah and Joanna2",
			"ANNA is an acronym here",
			"the anna file",
			"peterson is lower case",
			"MariaDB is a database",
			"Russell Investments is a design agency",
			"Thomas and Sons is a firm",
			"The bus station is on Peter Zuidhove 188",
			"the corner of Philip Bypass",
		},
	},
}
