package rules_test

import (
	"encoding/base64"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/hushlog/hush/redact"
	"github.com/hushlog/hush/redact/rules"
)

// Synthetic secrets for the examples of the messaging, infra and generic families. They are
// generated deterministically from a seed, so no live credential is ever written down.

const (
	mgiAlnum  = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	mgiHex    = "0123456789abcdef"
	mgiHEX    = "0123456789ABCDEF"
	mgiLan    = "0123456789abcdefghijklmnopqrstuvwxyz"
	mgiUpper  = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	mgiB64u   = mgiAlnum + "-_"
	mgiB64    = mgiAlnum + "+/"
	mgiDigits = "0123456789"
)

// mgiRand returns a generator seeded from seed.
func mgiRand(seed string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(seed))
	s := h.Sum64()
	return rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15))
}

// mgiTok returns n characters from alphabet, deterministic in seed.
func mgiTok(seed string, n int, alphabet string) string {
	r := mgiRand(seed)
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

// mgiUUID returns a deterministic random UUID (version 4 layout).
func mgiUUID(seed string) string {
	h := mgiTok(seed, 32, mgiHex)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:]
}

// mgiJWT builds a compact JWS from a header and payload JSON and a synthetic signature.
func mgiJWT(header, payload, seed string, sigLen int) string {
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload)) + "." + mgiTok(seed, sigLen, mgiB64u)
}

// mgiPEM builds a private key block with a synthetic base64 body, lines joined by nl.
func mgiPEM(label, seed string, lines int, nl string) string {
	var b strings.Builder
	b.WriteString("-----BEGIN " + label + "-----" + nl)
	body := mgiTok(seed, 64*lines, mgiB64)
	for i := 0; i < lines; i++ {
		b.WriteString(body[i*64:(i+1)*64] + nl)
	}
	b.WriteString("-----END " + label + "-----")
	return b.String()
}

// mgiBasic returns the Basic credential of user and password.
func mgiBasic(user, pw string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + pw))
}

// mgiMark wraps s in the span marks the examples use.
func mgiMark(s string) string { return "«" + s + "»" }

var (
	jwtHS   = mgiJWT(`{"alg":"HS256","typ":"JWT"}`, `{"sub":"u-48151","iat":1716239022,"exp":1716242622}`, "jwt-hs", 43)
	jwtRS   = mgiJWT(`{"alg":"RS256","kid":"k1"}`, `{"iss":"https://login.acme.test","aud":"api","sub":"7731"}`, "jwt-rs", 342)
	jwtNone = mgiJWT(`{"alg":"none"}`, `{"sub":"admin","role":"root"}`, "", 0)
	jweTok  = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RSA-OAEP","enc":"A256GCM"}`)) + "." +
		mgiTok("jwe-k", 342, mgiB64u) + "." + mgiTok("jwe-iv", 16, mgiB64u) + "." + mgiTok("jwe-ct", 90, mgiB64u) + "." + mgiTok("jwe-tag", 22, mgiB64u)
	jwtBadHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"typ":"JWT","kid":"1"}`)) + "." +
		base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"1"}`)) + "." + mgiTok("jwt-bad", 43, mgiB64u)
	jwtNotJSON = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256"}`)) + "." +
		base64.RawURLEncoding.EncodeToString([]byte(`plain text here`)) + "." + mgiTok("jwt-nj", 43, mgiB64u)

	pemRSA     = mgiPEM("RSA PRIVATE KEY", "pem-rsa", 6, "\n")
	pemPKCS8   = mgiPEM("PRIVATE KEY", "pem-p8", 5, "\n")
	pemEC      = mgiPEM("EC PRIVATE KEY", "pem-ec", 3, "\r\n")
	pemOpenSSH = mgiPEM("OPENSSH PRIVATE KEY", "pem-ssh", 4, "\n")
	pemEnc     = mgiPEM("ENCRYPTED PRIVATE KEY", "pem-enc", 4, "\n")
	pemPGP     = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + mgiTok("pgp", 64, mgiB64) + "\n" + mgiTok("pgp2", 40, mgiB64) + "\n=" + mgiTok("pgp3", 4, mgiB64) + "\n-----END PGP PRIVATE KEY BLOCK-----"
	pemJSON    = mgiPEM("PRIVATE KEY", "pem-json", 4, `\n`)
	pemCut     = "-----BEGIN RSA PRIVATE KEY-----\n" + mgiTok("cut1", 64, mgiB64) + "\n" + mgiTok("cut2", 64, mgiB64) + "\n" + mgiTok("cut3", 30, mgiB64) + "=="
	pemCert    = mgiPEM("CERTIFICATE", "pem-cert", 5, "\n")
	pemPub     = mgiPEM("PUBLIC KEY", "pem-pub", 4, "\n")

	pwHigh  = mgiTok("pw-high", 18, mgiAlnum) + "!"
	secHex  = mgiTok("sec-hex", 40, mgiHex)
	secB64  = mgiTok("sec-b64", 32, mgiAlnum)
	secTok  = mgiTok("sec-tok", 24, mgiAlnum)
	bearTok = mgiTok("bearer", 40, mgiAlnum)
	wpSalt  = mgiTok("wp-salt", 64, mgiAlnum+"!#$%&()*+,-./:;<=>?@[]^_{|}~ ")
	wpSalt2 = mgiTok("wp-salt2", 64, mgiAlnum+"!#$%&()*+,-./:;<=>?@[]^_{|}~ ")
	basicOK = mgiBasic("deploy", "Zt8q-"+mgiTok("basic-pw", 12, mgiAlnum))
)

// genericExamples are the true and false positives of the rules in generic.go.
var genericExamples = map[string]examples{
	"jwt": {
		tp: []string{
			"Authorization: Bearer " + mgiMark(jwtHS),
			`{"id_token": "` + mgiMark(jwtRS) + `"}`,
			"token=" + mgiMark(jwtNone) + " (alg none, unsigned)",
			"session cookie " + mgiMark(jwtHS) + ". Please check it.",
			"jwe: " + mgiMark(jweTok),
			"curl -H 'X-Auth: " + mgiMark(jwtRS) + "' https://api.acme.test",
		},
		fp: []string{
			"the identifier fooeyJhbGciOiJIUzI1NiJ9 is not a token",
			"x" + jwtHS,
			"header without alg: " + jwtBadHeader,
			"payload not JSON: " + jwtNotJSON,
			"eyJ is how every JSON object starts in base64",
			"truncated eyJhbGciOiJIUzI1NiJ9 without payload",
		},
	},
	"private-key": {
		tp: []string{
			"key.pem:\n" + mgiMark(pemRSA) + "\n",
			mgiMark(pemPKCS8),
			"windows line endings:\r\n" + mgiMark(pemEC) + "\r\n",
			"ssh:\n" + mgiMark(pemOpenSSH),
			mgiMark(pemEnc),
			mgiMark(pemPGP),
			`{"type": "service_account", "private_key": "` + mgiMark(pemJSON) + `\n", "client_email": "svc@proj.iam.gserviceaccount.com"}`,
			"pasted without the end: " + mgiMark(pemCut) + "\n\nCan you tell me what is wrong with it?",
		},
		fp: []string{
			pemCert,
			pemPub,
			"-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
			"A file starting with -----BEGIN PRIVATE KEY----- holds a key; never paste it.",
			"-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----",
		},
	},
	"putty-private-key": {
		tp: []string{
			"PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: eddsa-key-20240101\nPublic-Lines: 2\n" +
				mgiTok("ppk-pub1", 64, mgiB64) + "\n" + mgiTok("ppk-pub2", 20, mgiB64) + "\nPrivate-Lines: 1\n" + mgiMark(mgiTok("ppk-priv", 44, mgiB64)) + "\nPrivate-MAC: " + mgiTok("ppk-mac", 64, mgiHex),
			"PuTTY-User-Key-File-2: ssh-rsa\nPrivate-Lines: 2\r\n" + mgiMark(mgiTok("ppk-r1", 64, mgiB64)+"\r\n"+mgiTok("ppk-r2", 40, mgiB64)+"==") + "\r\nPrivate-MAC: 00",
		},
		fp: []string{
			"Private-Lines: 0\n",
			"The Private-Lines: header counts the lines that follow.",
			"Private-Lines: 2\nshort\n",
		},
	},
	"url-credentials": {
		tp: []string{
			"DATABASE_URL=postgres://app:" + mgiMark("Xk29fLq0-pz") + "@db.internal:5432/app",
			"postgresql://report_ro:" + mgiMark("h7&Pp2q!x") + "@10.0.4.12/analytics",
			"mysql://root:" + mgiMark("r00tPw4prod") + "@mysql.svc.cluster.local:3306/shop",
			`MONGO_URI="mongodb+srv://atlas-user:` + mgiMark("q8ZfT2mW") + `@cluster0.ab1cd.mongodb.net/?retryWrites=true"`,
			"REDIS_URL=redis://:" + mgiMark(mgiTok("redis-pw", 32, mgiAlnum)) + "@cache:6379/0",
			"rediss://default:" + mgiMark("Rt55yZq1") + "@eu1-upstash.io:6379",
			"amqps://orders:" + mgiMark("Bn4-2wQ8") + "@rabbit.mq.acme.test/vhost",
			"amqp://svc:" + mgiMark("p4ssW0rd9") + "@localhost:5672",
			"ftp://upload:" + mgiMark("Up1oad2024") + "@files.acme.test/in/",
			"sftp://deploy:" + mgiMark("dpl-77-xx9") + "@sftp.acme.test:22",
			"smtp://mailer:" + mgiMark("m41l3r-pw") + "@smtp.acme.test:587",
			"ldaps://binduser:" + mgiMark("Ld4pAdm1n") + "@ldap.acme.test:636",
			"git clone https://oauth2:" + mgiMark("gl-"+mgiTok("oauth2", 20, mgiAlnum)) + "@gitlab.acme.test/team/repo.git",
			"jdbc:postgresql://svc:" + mgiMark("J9dbcPw8") + "@pg:5432/db",
			`{"dsn":"mysql:\/\/u:` + mgiMark("zz9Yq2") + `@h\/db"}`,
			"https://" + mgiMark(mgiTok("url-tok", 36, mgiAlnum)) + "@github.com/acme/private.git",
			"https://bob@acme.test:" + mgiMark("pw!#@498") + "@github.com",
		},
		fp: []string{
			"postgres://app:${DB_PASS}@db:5432/app",
			"postgres://app:<password>@db:5432/app",
			"mongodb://user:****@host/db",
			"mysql://user:password@localhost/db",
			"redis://:@cache:6379",
			"amqp://guest@rabbit:5672",
			"https://example.com/path?email=a@b.test",
			"https://acme.test/users/@alice:matrix.org",
			"postgres://app:[REDACTED:URL_CREDENTIALS]@db:5432/app",
			"postgres://app:<URL_CREDENTIALS_1>@db:5432/app",
			"git@github.com:acme/repo.git",
			"https://user:$PASSWORD@host/",
		},
	},
	"authorization-header": {
		tp: []string{
			"Authorization: Bearer " + mgiMark(bearTok),
			"authorization: Basic " + mgiMark(basicOK),
			`curl -H "Authorization: Token ` + mgiMark(secHex) + `" https://api.acme.test/v1/me`,
			`headers = {"Authorization": "Bearer ` + mgiMark(secB64) + `"}`,
			`{"headers":{"authorization":"Bearer ` + mgiMark(bearTok) + `"}}`,
			"Proxy-Authorization: Basic " + mgiMark(basicOK),
			"Authorization: SSWS " + mgiMark("00"+mgiTok("okta-ssws", 40, mgiB64u)),
			`"Authorization: Bearer ` + mgiMark(jwtHS) + `"`,
			"Authorization: " + mgiMark("sk-"+mgiTok("bare-auth", 30, mgiAlnum)),
			`{\"Authorization\": \"Bearer ` + mgiMark(secB64) + `\"}`,
		},
		fp: []string{
			"Authorization: Bearer <token>",
			"Authorization: Bearer $TOKEN",
			`headers = {"Authorization": f"Bearer {token}"}`,
			`"Authorization": "Bearer " + token`,
			"Authorization: Basic dXNlcjpwYXNz",
			"Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("onlyusername")),
			"Authorization is the process of checking what a user may do.",
			"authorization_code grant",
			"Authorization: Bearer [REDACTED:AUTH_HEADER]",
			`Authorization: Digest username="bob", realm="acme", response="6629fae49393a05397450978507c4ef1"`,
			"Authorization: Bearer YOUR_API_KEY",
		},
	},
	"bearer-token": {
		tp: []string{
			`requests.get(url, headers={"X-Auth": "Bearer ` + mgiMark(bearTok) + `"})`,
			"use Bearer " + mgiMark(secB64) + " for the call",
		},
		fp: []string{
			"a bearer token is sent with each request",
			"Bearer authentication (also called token authentication)",
			"Bearer " + mgiTok("short", 10, mgiAlnum),
			"Bearer ${ACCESS_TOKEN}",
			"Bearer <YOUR_TOKEN>",
			"the bearer of this card",
		},
	},
	"basic-auth": {
		tp: []string{
			`{"auth": "Basic ` + mgiMark(basicOK) + `"}`,
			"-H 'Basic " + mgiMark(basicOK) + "'",
		},
		fp: []string{
			"the basic idea is simple",
			"Basic " + base64.StdEncoding.EncodeToString([]byte("no colon in here")),
			"Basic dXNlcjpwYXNzd29yZA==",
			"basic auth with Basic $CREDS",
		},
	},
	"password-assignment": {
		tp: []string{
			`password = "` + mgiMark("hunter2") + `"`,
			`db_password := "` + mgiMark("Tr0ub4dor&3") + `"`,
			`{"password": "` + mgiMark("s3cr3t!x") + `"}`,
			"password: " + mgiMark("s3cr3t!"),
			"  password: " + mgiMark("correcthorse"),
			"DB_PASSWORD=" + mgiMark("hunter22"),
			"export PGPASSWORD=" + mgiMark("pg-"+pwHigh),
			"mysqldump --password=" + mgiMark("Dump2024pw") + " shop > shop.sql",
			"./deploy --db-password " + mgiMark("Zx81-live") + " --env prod",
			"Server=sql01;Database=crm;User Id=sa;" + "Password=" + mgiMark("Pa55w0rd!") + ";",
			"Data Source=db;Pwd=" + mgiMark("Q9w8e7r6") + ";Encrypt=true",
			"<password>" + mgiMark("xml-Pw-2291") + "</password>",
			`<add key="ClearTextPassword" value="` + mgiMark("NuG3t-pw") + `" />`,
			`define( 'DB_PASSWORD', '` + mgiMark("wp-9f8g7h") + `' );`,
			`'password' => '` + mgiMark("laravel!pw") + `',`,
			`conn = psycopg2.connect(host="db", password="` + mgiMark("pg!Conn42") + `")`,
			"spring.datasource.password=" + mgiMark("springPw77"),
			"machine api.acme.test login bob password " + mgiMark("n3trc-pw"),
			"The wifi password is " + mgiMark("BlueSky42!") + ".",
			"User: my password is " + mgiMark("Summer2024!") + " can you check it?",
			`The password "` + mgiMark("Summer2024!") + `" is weak.`,
			`password "` + mgiMark("esmtp-9x") + `"`,
			`{\"passwd\": \"` + mgiMark("esc4ped!") + `\"}`,
			"host=db user=app password='" + mgiMark("kwDsn-9") + "' dbname=app",
			"admin_pwd: " + mgiMark("Adm1nPwd"),
			"passphrase = '" + mgiMark("long-pass-phrase-7") + "'",
			"DB_PASS=" + mgiMark("pass-2024-x"),
			"$password = '" + mgiMark("phpPa55") + "';",
			"$dbpasswd = '" + mgiMark("pass123") + "';",
			`<Pass encoding="base64">` + mgiMark(base64.StdEncoding.EncodeToString([]byte("ftp-"+pwHigh))) + "</Pass>",
			"Password=" + mgiMark("UserPassword123"),
			"define( 'DB_PASSWORD', '" + mgiMark("admin") + "' );",
			"set PASSWORD=" + mgiMark("winPa55!"),
			"password=" + mgiMark(pwHigh) + "&user=bob",
			`new_password: "` + mgiMark("N3wPass!") + `"`,
		},
		fp: []string{
			`password_hash_algorithm = "bcrypt"`,
			"password: ${DB_PASSWORD}",
			"password: <your password>",
			`password = os.getenv("PW")`,
			`password: ""`,
			"password = pw",
			"password = get_password()",
			`if password == "hunter2":`,
			"password: required",
			`"password": "Password"`,
			"password: userPassword",
			"forgot_password: true",
			"--password-file /run/secrets/db",
			"The password is required.",
			"Enter your password to continue.",
			`print("Enter password " + name + " now")`,
			`The password "" is empty.`,
			`we can't just pass "./rangeloop.go" as the argument`,
			`htpasswd "myUser" "myPassword"`,
			"methods in the same pass: `normalizeDiallableCharsOnly`",
			"password: [REDACTED:PASSWORD]",
			`password = "<PASSWORD_1>"`,
			"echo $PASSWORD",
			"if [ -z $PASSWORD ]; then exit 1; fi",
			"password: {{ .Values.db.password }}",
			"password: !vault |",
			"PWD=/home/alice/src",
			"compass: north",
			"bypass = true",
			"password = settings.db_pass",
			"show_password: false",
			"passwords: [a, b]",
			"password: ****",
			`password = f"{prefix}-{suffix}"`,
			"mysql -p",
			"password_min_length: 12",
			`"password_policy": "strong"`,
			"- name: password\n  type: string",
			"--- PASS: TestLogin/password (0.00s)",
			"\t\tpwd:     absWork,",
			"// groupname:password:GID:user_list",
			"var emptyPass pass = pass{",
			"passwd:         compat",
			"\t\t\tPassword: password16,",
			"Set the `-httpAuth.password` command-line flag.",
			"  -remoteWrite.basicAuth.password array",
			"Use `admin` for login and `password` obtained in the previous step.",
			`f("http://foo:1234/x/y?password=hack&qqq=www")`,
			"KC_BOOTSTRAP_ADMIN_PASSWORD: change_me",
		},
	},
	"secret-assignment": {
		tp: []string{
			"client_secret = '" + mgiMark(secB64) + "'",
			`"access_token": "` + mgiMark(secTok) + `"`,
			"AUTH_TOKEN=" + mgiMark(secHex),
			"export API_TOKEN=" + mgiMark(secTok),
			"slack:\n  signing_secret: " + mgiMark(secHex),
			"--token " + mgiMark(secB64) + " --org acme",
			"refresh_token: " + mgiMark(mgiTok("refresh", 64, mgiB64u)),
			"webhookSecret: '" + mgiMark(secTok) + "'",
			"//registry.npmjs.org/:_authToken=" + mgiMark(mgiUUID("npmrc")),
			"Private-Token: " + mgiMark(mgiTok("priv-tok", 26, mgiAlnum)),
			"$env:API_TOKEN = \"" + mgiMark(secTok) + "\"",
			"define('AUTH_SALT',        '" + mgiMark(wpSalt2) + "');",
			"and the secret is " + mgiMark("9f8e7d6c5b4a") + ", keep it safe",
			`session_secret = "` + mgiMark(mgiTok("sess-letters", 32, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")) + `"`,
		},
		fp: []string{
			`token_type: "bearer"`,
			"max_tokens: 1024",
			"secret: true",
			"get_secret_key()",
			"secretName: my-app-secret",
			`"next_page_token": "` + secTok + `"`,
			"token = os.environ['TOKEN']",
			"token: ${{ secrets.GITHUB_TOKEN }}",
			"num_tokens = 4096",
			"tokenizer: cl100k_base",
			`secret = "changeme"`,
			"token: abcdefghij",
			`"tokens": 512`,
			"access_token = response.json()[\"access_token\"]",
			"secret: /etc/app/secret.key",
			"client_secret: <CLIENT_SECRET>",
			"The secret: never share it.",
			"the token is valid for one hour",
			"the secret is 42",
			"$TOKEN is set by CI",
			"token_count = 12",
			"const secretValue = 0x53c237_53c237",
			"Secret: Bug4Secret{1},",
			"\tSIOCGLIFTOKEN                 = -0x3f879678",
			`return fmt.Sprintf("bearer_token:hash:%016X", h)`,
			"<SubjectFromWebIdentityToken>system:serviceaccount:default:vmagent</SubjectFromWebIdentityToken>",
			`{"access_token":"test-oauth2-token","token_type":"Bearer"}`,
			`newBearerToken = "goodbyeandthankyouforthefish"`,
			"token: 1.2.3-rc1",
		},
	},
	"api-key-assignment": {
		tp: []string{
			`api_key = "` + mgiMark(secB64) + `"`,
			"OPENWEATHER_API_KEY=" + mgiMark(secHex[:32]),
			"x-api-key: " + mgiMark(secTok),
			`{"apiKey": "` + mgiMark(mgiUUID("apikey-uuid")) + `"}`,
			"SECRET_KEY = '" + mgiMark("dj-"+mgiTok("django", 40, mgiAlnum)) + "'",
			"aws_secret_access_key = " + mgiMark(mgiTok("aws-like", 40, mgiB64)),
			"encryption_key: " + mgiMark(mgiTok("enc-key", 44, mgiB64)),
			"license_key=" + mgiMark(mgiTok("lic", 30, mgiUpper)),
			"curl -H 'X-Api-Key: " + mgiMark(secTok) + "' https://api.acme.test",
			"  secret_key_base: " + mgiMark(mgiTok("rails", 128, mgiHex)),
			"define('AUTH_KEY',         '" + mgiMark(wpSalt) + "');",
			"The API key is " + mgiMark("sk-"+mgiTok("prose-key", 24, mgiAlnum)) + ".",
		},
		fp: []string{
			"api_key = os.environ[\"OPENAI_API_KEY\"]",
			"apiKey: process.env.API_KEY",
			"api_key: YOUR_API_KEY",
			"access_key_id: AKIDEXAMPLE",
			"get_secret_key()",
			`private_key_path = "/etc/keys/app.pem"`,
			"api_key: aaaaaaaaaaaaaaaa",
			"api_key = None",
			"API_KEY=${API_KEY}",
			`"api_key": "sk-..."`,
			"api_key: 1234567890",
			"SECRET_KEY = 'django-insecure-'",
			"config.Certificates[0].PrivateKey = testRSA2048PrivateKey",
			"var rsaPrivateKey = test1024Key",
			`"encryptionKey": "encryptionKey1024",`,
			"encryptionKey1024: dk.encryptionKey1024,",
			"an API key is a long random string",
			"$api_key",
		},
	},
	"curl-user-password": {
		tp: []string{
			"curl -u admin:" + mgiMark("Adm1n-2024") + " https://jenkins.acme.test/api/json",
			"curl --user 'deploy:" + mgiMark("d3pl0y!x") + "' -X POST https://ci.acme.test",
			"curl -s --user=api:" + mgiMark("key-"+mgiTok("mg-curl", 32, mgiHex)) + " https://api.mailgun.net/v3/acme.test/messages",
		},
		fp: []string{
			"curl -u $USER:$PASS https://host",
			"curl -u admin: https://host",
			"git push -u origin main",
			"docker run -u 1000:1000 image",
			"curl -u token https://host",
			"pip install --user requests",
		},
	},
	"cli-password-flag": {
		tp: []string{
			"docker login -u ci-bot -p " + mgiMark("Dckr-P4ss") + " registry.acme.test",
			"sshpass -p '" + mgiMark("ssh!Pass9") + "' ssh deploy@10.0.0.7",
			"podman login quay.io -u bot -p=" + mgiMark(secTok),
		},
		fp: []string{
			"docker login -u ci-bot --password-stdin",
			"docker login -u bot -p $DOCKER_PASSWORD",
			"docker login -p -u bot",
			"sshpass -f ~/.pw ssh host",
		},
	},
	"redis-cli-password": {
		tp: []string{"redis-cli -h cache -a " + mgiMark("S3cretRedis") + " ping"},
		fp: []string{`redis-cli -a "$REDIS_PASSWORD"`, "redis-cli -h cache ping", "redis-cli --user bob -a <pw>"},
	},
	"mysql-password-flag": {
		tp: []string{
			"mysql -u root -p" + mgiMark("S3cretRoot") + " shop",
			"mysqldump -h db -u backup -p'" + mgiMark("bkUp!9x") + "' shop",
			"mariadb -uadmin -p" + mgiMark("Mar1aPw") + " -h 10.0.0.5",
		},
		fp: []string{
			"mysql -u root -p shop",
			"mysql -u root -P 3306 -h db",
			"mysql -u root -p$MYSQL_PWD",
			"mysql is a database; use -p to be prompted",
		},
	},
}

// mgiRules returns the built-in rules of the messaging, infra and generic families.
func mgiRules() []rules.Rule {
	var rs []rules.Rule
	for _, r := range rules.Builtin() {
		_, a := messagingExamples[r.ID]
		_, b := infraExamples[r.ID]
		_, c := genericExamples[r.ID]
		if a || b || c {
			rs = append(rs, r)
		}
	}
	return rs
}

// mgiTexts returns every example text (marks removed) of the three families.
func mgiTexts() []string {
	var out []string
	for _, fam := range []map[string]examples{messagingExamples, infraExamples, genericExamples} {
		for _, ex := range fam {
			for _, s := range ex.tp {
				text, _, _ := unmark(s)
				out = append(out, text)
			}
			out = append(out, ex.fp...)
		}
	}
	return out
}

// TestMgiMatchNoAlloc calls every rule of the three families at every keyword hit of every
// example, found or not, and requires that Match allocates nothing.
func TestMgiMatchNoAlloc(t *testing.T) {
	texts := mgiTexts()
	for _, r := range mgiRules() {
		for ti, s := range texts {
			text := []byte(s)
			low := strings.ToLower(s)
			for _, kw := range r.Keywords {
				k := strings.ToLower(kw)
				for from := 0; ; {
					i := strings.Index(low[from:], k)
					if i < 0 {
						break
					}
					at := from + i
					allocs := testing.AllocsPerRun(5, func() { r.Match(text, at, at+len(k)) })
					if allocs != 0 {
						t.Errorf("%s: example text %d, keyword at %d: %v allocations", r.ID, ti, at, allocs)
					}
					from = at + 1
				}
			}
		}
	}
}

// TestMgiIdempotent redacts every true positive with the three families' rules and checks
// that the redacted text holds nothing they find again.
func TestMgiIdempotent(t *testing.T) {
	e, err := redact.New(redact.Config{Rules: mgiRules()})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := redact.New(redact.Config{Rules: mgiRules(), Default: redact.Pseudonym{}})
	if err != nil {
		t.Fatal(err)
	}
	for _, fam := range []map[string]examples{messagingExamples, infraExamples, genericExamples} {
		for id, ex := range fam {
			for i, s := range ex.tp {
				text, _, _ := unmark(s)
				for name, eng := range map[string]*redact.Engine{"placeholder": e, "pseudonym": ps} {
					out, _ := eng.Redact([]byte(text))
					if fs := e.Find(nil, out); len(fs) != 0 {
						t.Errorf("%s tp %d (%s): redacted text matches again: %s", id, i, name, describe(fs))
					}
				}
			}
		}
	}
}

// BenchmarkMgiProse measures the three families' rules on English prose with code words
// (password, token, secret, authorization…) that trigger their keywords without a finding.
func BenchmarkMgiProse(b *testing.B) {
	e, err := redact.New(redact.Config{Rules: mgiRules()})
	if err != nil {
		b.Fatal(err)
	}
	para := "The basic idea is simple: a bearer token is sent with each request, and the password " +
		"is never stored in plain text. Authorization happens after authentication; the secret " +
		"manager rotates every api key and access token on a schedule. Pass the path to the " +
		"pattern file with -u or --user flags; see https://docs.acme.test/guide for details. "
	text := []byte(strings.Repeat(para, 4096))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if fs := e.Find(nil, text); len(fs) != 0 {
			b.Fatalf("unexpected findings: %s", describe(fs))
		}
	}
}

// FuzzMgiRules runs the three families' matchers at every keyword hit of arbitrary input:
// they must not panic, must return spans inside the input, and redacting twice must change
// nothing the second time.
func FuzzMgiRules(f *testing.F) {
	for _, s := range mgiTexts() {
		f.Add(s)
	}
	rs := mgiRules()
	e, err := redact.New(redact.Config{Rules: rs})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text := []byte(s)
		for _, f := range e.Find(nil, text) {
			if f.Start < 0 || f.End > len(text) || f.Start >= f.End {
				t.Fatalf("%s: bad span [%d,%d) in %d bytes", f.Rule, f.Start, f.End, len(text))
			}
		}
		once, _ := e.Redact(text)
		if twice, fs := e.Redact(once); string(twice) != string(once) {
			t.Fatalf("not idempotent: second pass found %s", describe(fs))
		}
	})
}
