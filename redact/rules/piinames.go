package rules

// piiFirstNames is a compact list of given names common in several languages, used to find
// "First Last" pairs and lone first names. Names that are also common words, months, places
// or programming languages (Will, May, Jordan, Paris, Julia, Ruby) are left out on purpose.
// Names that occur inside common words (Alan in "balance", Mario in "scenario", Eric in
// "generic") are left out too: each occurrence would wake the matcher. Lower case, sorted.
var piiFirstNames = []string{
	"aaron", "abby", "abdul", "adam", "adrian", "agnieszka", "ahmed", "aisha", "akira", "albert",
	"alberto", "alejandro", "aleksandr", "alessandro", "alexander", "alexandra", "alexei", "alice",
	"alicia", "alina", "amanda", "amelia", "amir", "anastasia", "andrea", "andreas", "andrew",
	"andrzej", "angela", "anita", "anja", "anna", "anthony", "anton", "antonio", "arjun", "arthur",
	"astrid", "barbara", "beatriz", "benjamin", "bernard", "bianca", "birgit", "boris", "brandon",
	"brian", "bruno", "bryan", "camila", "carlos", "carmen", "caroline", "catherine", "charles",
	"charlotte", "chloe", "christina", "christine", "christopher", "claire", "claudia", "daniel",
	"daniela", "david", "deborah", "dennis", "derek", "diana", "diego", "dimitri", "dmitri", "dmitry",
	"donald", "donna", "dorothy", "eduardo", "edward", "elena", "elisabeth", "elizabeth", "emil",
	"emily", "erik", "erika", "fatima", "felipe", "felix", "fernando", "francesca", "francisco",
	"franz", "frederik", "fredrik", "gabriel", "gabriela", "georg", "george", "giovanni", "giulia",
	"giuseppe", "gregory", "gustav", "hannah", "hans", "harald", "heinrich", "helen", "helena",
	"henrik", "hiroshi", "ingrid", "irina", "isabel", "isabella", "ivan", "jacob", "jacques", "jakub",
	"james", "jamie", "jana", "javier", "jennifer", "jessica", "joanna", "johan", "johann",
	"johannes", "john", "jonas", "jonathan", "jorge", "josef", "joseph", "joshua", "juan", "julian",
	"juliana", "julie", "karen", "karin", "karl", "katarzyna", "katharina", "kenji", "kevin", "klaus",
	"krzysztof", "laura", "lena", "lina", "linda", "lisa", "lucas", "lucia", "lucy", "ludwig", "luis",
	"luisa", "lukas", "magnus", "maria", "marie", "marta", "martin", "martina", "matteo", "matthew",
	"matthias", "maximilian", "megan", "mehmet", "michael", "michelle", "miguel", "mikhail",
	"mohamed", "mohammed", "monika", "natalia", "natalie", "nathan", "nicolas", "nikolai", "nina",
	"olga", "oliver", "olivia", "pablo", "patricia", "patrick", "paul", "paula", "pavel", "pedro",
	"peter", "petra", "philipp", "priya", "rachel", "rafael", "rahul", "rebecca", "ricardo",
	"richard", "robert", "roberto", "sabine", "samuel", "sandra", "sara", "sarah", "sebastian",
	"sergei", "sergey", "sheila", "silvia", "simon", "sofia", "sophia", "sophie", "stefan",
	"stefanie", "stephanie", "steven", "susan", "sven", "thomas", "timothy", "tomas", "ursula",
	"valentina", "vanessa", "victor", "viktor", "vivian", "vladimir", "walter", "william", "wojciech",
	"yuki", "yuri",
}
