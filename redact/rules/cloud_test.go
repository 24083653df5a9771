package rules_test

import (
	"hash/crc32"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/hushlog/hush/redact"
	"github.com/hushlog/hush/redact/rules"
)

// Synthetic credentials for the examples of the cloud, vcs, llm and payment families. Every
// value is generated from a seed, so the files hold no live credential; checksummed formats
// carry a valid checksum so that a broken validator is caught.

const (
	ktAN    = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	ktHex   = "0123456789abcdef"
	ktLan   = "0123456789abcdefghijklmnopqrstuvwxyz"
	ktUpper = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	ktB32   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	ktb32   = "abcdefghijklmnopqrstuvwxyz234567"
	ktB64   = ktAN + "+/"
	ktB64u  = ktAN + "-_"
	ktAlpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)

// ktTok returns n characters of alphabet, deterministic in seed.
func ktTok(seed string, n int, alphabet string) string {
	h := fnv.New64a()
	h.Write([]byte(seed))
	s := h.Sum64()
	r := rand.New(rand.NewPCG(s, s^0x51afd7ed558ccd))
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

// ktUUID returns a deterministic version-4 UUID.
func ktUUID(seed string) string {
	h := ktTok(seed, 32, ktHex)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-8" + h[17:20] + "-" + h[20:]
}

// ktBase62 writes n in GitHub's base62 digit order, left-padded to width.
func ktBase62(n uint32, width int) string {
	b := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		b[i] = ktAN[n%62]
		n /= 62
	}
	return string(b)
}

// ktGitHub returns a checksum-valid GitHub token with the given prefix.
func ktGitHub(prefix, seed string) string {
	body := ktTok(seed, 30, ktAN)
	return prefix + body + ktBase62(crc32.ChecksumIEEE([]byte(body)), 6)
}

// ktGitLabRoutable returns a GitLab routable token: prefix, payload, optional version,
// payload length and CRC-32 in base36.
func ktGitLabRoutable(prefix, seed string, n int, version string) string {
	payload := ktTok(seed, n, ktB64u)
	l := strconv.FormatInt(int64(n), 36)
	if len(l) < 2 {
		l = "0" + l
	}
	head := prefix + payload + "."
	if version != "" {
		head += version + "."
	}
	head += l
	crc := strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(head))), 36)
	return head + strings.Repeat("0", 7-len(crc)) + crc
}

// ktAzure88 returns an identifiable 88-character Azure key with signature sig.
func ktAzure88(seed, sig string) string {
	return ktTok(seed, 76, ktB64) + sig + ktTok(seed+"/t", 5, ktB64) + "Q=="
}

// ktAzure44 returns an identifiable 44-character Azure key with signature sig.
func ktAzure44(seed, sig string) string {
	return ktTok(seed, 33, ktB64) + sig + "C" + ktTok(seed+"/t", 5, ktB64) + "="
}

// ktAzure84 returns an 84-character common annotated key with the given provider tag.
func ktAzure84(seed, tag string) string {
	return ktTok(seed, 52, ktAN) + "JQQJ99" + "B" + "C" + ktTok(seed+"/m", 12, ktAN) + tag + ktTok(seed+"/t", 4, ktAN)
}

// flip changes the byte at i to another byte of the same alphabet class.
func flip(s string, i int) string {
	b := []byte(s)
	switch c := b[i]; {
	case c == '9':
		b[i] = '8'
	case c >= '0' && c <= '8':
		b[i] = c + 1
	case c == 'z' || c == 'Z':
		b[i] = c - 1
	default:
		b[i] = c + 1
	}
	return string(b)
}

var (
	ktAKIA       = "AKIA" + ktTok("aws-id", 16, ktB32)
	ktASIA       = "ASIA" + ktTok("aws-tmp", 16, ktB32)
	ktAWSSecret  = ktTok("aws-secret", 40, ktB64)
	ktAWSSecret2 = ktTok("aws-secret-2", 40, ktB64)
	ktSession    = "IQoJb3JpZ2luX2VjE" + ktTok("aws-sts", 300, ktB64) + "=="
	ktStorageKey = ktTok("az-legacy", 86, ktB64) + "=="
	ktSASSig     = ktTok("az-sas", 43, ktAN) + "%3D"
)

// cloudExamples are the true and false positives of the rules in cloud.go.
var cloudExamples = map[string]examples{
	"aws-access-key-id": {
		tp: []string{
			"AWS_ACCESS_KEY_ID=«" + ktAKIA + "»",
			`{"AccessKeyId": "«` + ktASIA + `»", "Expiration": "2026-01-01T00:00:00Z"}`,
			"aws configure set aws_access_key_id «" + "ABIA" + ktTok("aws-abia", 16, ktB32) + "»",
			"key id «" + "ACCA" + ktTok("aws-acca", 16, ktB32) + "» was rotated",
		},
		fp: []string{
			"AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
			"AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX",
			"id: " + ktAKIA[:18],
			"id: " + ktAKIA + "Q",
			"akia" + ktAKIA[4:],
			"role AROA" + ktTok("aws-role", 17, ktB32) + " assumed",
			"XAKIA" + ktTok("aws-x", 16, ktB32),
		},
	},
	"aws-secret-access-key": {
		tp: []string{
			"aws_secret_access_key = «" + ktAWSSecret + "»",
			`"SecretAccessKey": "«` + ktAWSSecret + `»",`,
			"export AWS_SECRET_ACCESS_KEY=«" + ktAWSSecret2 + "»",
			"new Credentials({ awsSecretAccessKey: '«" + ktAWSSecret + "»' })",
		},
		fp: []string{
			"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
			"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/" + ktTok("aws-doc", 18, ktAN),
			"aws_secret_access_key = " + ktTok("sha1", 40, ktHex),
			"aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}",
			"aws_secret_access_key = " + ktAWSSecret[:39],
			"the secret_access_key field holds " + ktAWSSecret,
			"mysecret_access_key = " + ktAWSSecret,
		},
	},
	"aws-secret-access-key-near-id": {
		tp: []string{
			"Access key ID,Secret access key\n" + ktAKIA + ",«" + ktAWSSecret + "»\n",
			"[default]\nid = " + ktASIA + "\nkey = «" + ktAWSSecret2 + "»\n",
			"creds «" + ktAWSSecret + "» for " + ktAKIA,
		},
		fp: []string{
			ktAKIA + " commit " + ktTok("sha1-near", 40, ktHex),
			"AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
			ktAKIA + " " + ktTok("short", 39, ktB64),
			ktAKIA + strings.Repeat(" ", 220) + ktAWSSecret,
		},
	},
	"aws-session-token": {
		tp: []string{
			"aws_session_token = «" + ktSession + "»",
			"X-Amz-Security-Token: «" + ktTok("sts-2", 200, ktB64) + "»",
		},
		fp: []string{
			"aws_session_token = ${AWS_SESSION_TOKEN}",
			"aws_session_token = " + ktTok("sts-short", 60, ktB64),
		},
	},
	"aws-session-token-prefixed": {
		tp: []string{
			"token: «" + ktSession + "»",
			`"SessionToken": "«FwoGZXIvYXdz` + ktTok("sts-old", 180, ktB64) + `»"`,
		},
		fp: []string{
			"token: IQoJb3JpZ2lu" + ktTok("sts-cut", 40, ktB64),
			"xIQoJb3JpZ2lu" + ktTok("sts-in", 200, ktB64),
		},
	},
	"aws-bedrock-api-key": {
		tp: []string{
			"AWS_BEARER_TOKEN_BEDROCK=«ABSKQmVkcm9ja0FQSUtleS" + ktTok("bedrock", 120, ktB64) + "=»",
		},
		fp: []string{
			"ABSKQmVkcm9ja0FQSUtleS1EXAMPLE" + strings.Repeat("A", 100),
			"ABSKQmVkcm9ja0FQSUtleS" + ktTok("bedrock-short", 30, ktB64),
		},
	},
	"aws-bedrock-api-key-short-lived": {
		tp: []string{
			"export AWS_BEARER_TOKEN_BEDROCK=«bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t" + ktTok("bedrock-sl", 300, ktB64) + "»",
		},
		fp: []string{
			"bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t",
			"bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t" + strings.Repeat("Q", 120),
		},
	},
	"gcp-api-key": {
		tp: []string{
			"GOOGLE_API_KEY=«AIzaSy" + ktTok("gcp", 33, ktB64u) + "»",
			"https://generativelanguage.googleapis.com/v1beta/models?key=«AIza" + ktTok("gemini", 35, ktB64u) + "»",
			`const firebaseConfig = { apiKey: "«AIzaSy` + ktTok("firebase", 33, ktB64u) + `»" };`,
		},
		fp: []string{
			"GOOGLE_API_KEY=AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
			"key=AIzaSy" + ktTok("gcp-short", 30, ktB64u),
			"key=aiza" + ktTok("gcp-case", 35, ktB64u),
			"key=AIzaSy" + ktTok("gcp-long", 40, ktB64u),
		},
	},
	"google-oauth-refresh-token": {
		tp: []string{`{"type": "authorized_user", "client_id": "x.apps.googleusercontent.com", "refresh_token": "«1//0` + ktTok("g-rt", 99, ktB64u) + `»"}`},
		fp: []string{"see http://1//0 for details", "1//0" + ktTok("g-rt2", 20, ktB64u)},
	},
	"firebase-fcm-server-key": {
		tp: []string{"Authorization: key=«AAAA" + ktTok("fcm", 7, ktB64u) + ":APA91b" + ktTok("fcm2", 134, ktB64u) + "»"},
		fp: []string{"key=AAAA" + ktTok("fcm3", 7, ktB64u) + ":APA91b" + ktTok("fcm4", 100, ktB64u), "token :APA91b" + ktTok("fcm5", 134, ktB64u)},
	},
	"gcp-service-account-key-id": {
		tp: []string{
			`{"type": "service_account", "project_id": "acme-prod", "private_key_id": "«` + ktTok("sa-kid", 40, ktHex) + `»", "private_key": "..."}`,
		},
		fp: []string{
			`"private_key_id": "` + ktTok("sa-kid-short", 32, ktHex) + `"`,
			`"private_key_id": "<your-key-id>"`,
		},
	},
	"google-oauth-client-secret": {
		tp: []string{
			`{"installed": {"client_id": "1234-abc.apps.googleusercontent.com", "client_secret": "«GOCSPX-` + ktTok("gocspx", 28, ktB64u) + `»"}}`,
		},
		fp: []string{
			"client_secret=GOCSPX-xxxxxxxxxxxxxxxxxxxxxxxxxxxx",
			"client_secret=GOCSPX-" + ktTok("gocspx-short", 20, ktB64u),
		},
	},
	"google-oauth-access-token": {
		tp: []string{
			"Authorization: Bearer «ya29.a0AfB_" + ktTok("ya29", 150, ktB64u) + "»",
		},
		fp: []string{
			"token = ya29.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
			"token = ya29." + ktTok("ya29-short", 12, ktB64u),
		},
	},
	"azure-entra-client-secret": {
		tp: []string{
			"AZURE_CLIENT_SECRET=«" + ktTok("entra-h", 3, ktAN) + "8Q~" + ktTok("entra", 34, ktAN+"_~.-") + "»",
			`"clientSecret": "«` + ktTok("entra-h2", 3, ktAN) + "7Q~" + ktTok("entra2", 31, ktAN) + `»"`,
		},
		fp: []string{
			"AZURE_CLIENT_SECRET=abc8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
			"secret " + ktTok("entra-h3", 3, ktAN) + "8Q~" + ktTok("entra3", 20, ktAN),
			"secret " + ktTok("entra-h4", 3, ktAN) + "8q~" + ktTok("entra4", 34, ktAN),
		},
	},
	"azure-storage-account-key": {
		tp: []string{
			"DefaultEndpointsProtocol=https;AccountName=acmelogs;AccountKey=«" + ktAzure88("st", "+ASt") + "»;EndpointSuffix=core.windows.net",
			"key: «" + ktAzure88("st2", "+ASt") + "»",
		},
		fp: []string{
			"key: " + ktTok("st3", 76, ktB64) + "+ASt" + ktTok("st3t", 5, ktB64) + "B==",
			"key: " + ktTok("st4", 70, ktB64) + "+ASt" + ktTok("st4t", 5, ktB64) + "Q==",
		},
	},
	"azure-storage-connection-string-key": {
		tp: []string{
			"DefaultEndpointsProtocol=https;AccountName=acmelogs;AccountKey=«" + ktStorageKey + "»;EndpointSuffix=core.windows.net",
			"AccountEndpoint=https://acme.documents.azure.com:443/;AccountKey=«" + ktTok("cosmos-legacy", 86, ktB64) + "==»;",
		},
		fp: []string{
			"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;",
			"AccountEndpoint=https://localhost:8081/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
			"AccountKey=${STORAGE_KEY}",
			"AccountKey=" + ktTok("az-short", 60, ktB64) + "==",
		},
	},
	"azure-storage-account-key-context": {
		tp: []string{
			"AZURE_STORAGE_KEY=«" + ktStorageKey + "»",
			`storage_account_key: "«` + ktTok("az-legacy-2", 86, ktB64) + `==»"`,
			"const azureStorageKey = '«" + ktTok("az-legacy-3", 86, ktB64) + "==»';",
		},
		fp: []string{
			"AZURE_STORAGE_KEY=" + ktTok("az-nopad", 88, ktB64),
			"AZURE_STORAGE_KEY=<storage-key>",
		},
	},
	"azure-sas-signature": {
		tp: []string{
			"https://acme.blob.core.windows.net/logs/a.json?sp=r&st=2026-01-01T00:00:00Z&se=2026-02-01T00:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=«" + ktSASSig + "»",
			"BlobEndpoint=https://acme.blob.core.windows.net/;SharedAccessSignature=sv=2021-06-08&ss=b&srt=sco&sp=rl&se=2026-03-01T00:00:00Z&sig=«" + ktTok("az-sas-2", 42, ktB64) + "%3D»",
		},
		fp: []string{
			"https://acme.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&sig=...",
			"https://acme.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&sig=<signature>",
			"?sv=2022-11-02&foo=bar",
			"csv=2022-11-02&sp=r&sig=" + ktSASSig,
		},
	},
	"azure-sas-token-signature": {
		tp: []string{
			"Authorization: SharedAccessSignature sr=acme.servicebus.windows.net%2Forders&sig=«" + ktTok("sb-sas", 43, ktAN) + "%3D»&se=1767225600&skn=send",
			`{"sas": "SharedAccessSignature sr=acme-hub.azure-devices.net%2Fdevices%2Fpump-7&sig=«` + ktTok("iot-sas", 40, ktAN) + "%2B" + ktTok("iot-sas2", 2, ktAN) + `%3D»&se=1767225600"}`,
		},
		fp: []string{
			"SharedAccessSignature sr=acme.servicebus.windows.net&sig=<signature>&se=1767225600&skn=send",
			"SharedAccessSignature sr=acme.servicebus.windows.net&sig=" + ktTok("sb-sas3", 43, ktAN) + "%3D&skn=send",
		},
	},
	"azure-function-key-url": {
		tp: []string{
			"POST https://acme-fn.azurewebsites.net/api/ingest?code=«" + ktTok("fn-url", 54, ktB64u) + "%3D%3D» 200 OK",
			"curl 'https://acme-fn.azurewebsites.net/api/run?name=x&code=«" + ktTok("fn-url2", 54, ktB64u) + "==»'",
		},
		fp: []string{
			"https://acme-fn.azurewebsites.net/api/ingest?code=YOUR_FUNCTION_KEY",
			"https://acme-fn.azurewebsites.net/api/ingest?zipcode=" + ktTok("fn-url3", 54, ktB64u),
			"https://acme-fn.azurewebsites.net/api/ingest?code=200",
		},
	},
	"azure-cosmosdb-key": {
		tp: []string{"COSMOS_KEY=«" + ktAzure88("cosmos", "ACDb") + "»"},
		fp: []string{"COSMOS_KEY=" + ktTok("cosmos2", 75, ktB64) + "ACDb" + ktTok("c2t", 5, ktB64) + "Q=="},
	},
	"azure-batch-key": {
		tp: []string{"batch key «" + ktAzure88("batch", "+ABa") + "»"},
		fp: []string{"batch key " + ktTok("batch2", 76, ktB64) + "+ABa" + ktTok("b2t", 5, ktB64) + "Q="},
	},
	"azure-apim-key": {
		tp: []string{"Ocp-Apim-Subscription-Key: «" + ktAzure88("apim", "APIM") + "»"},
		fp: []string{"the APIM gateway forwards requests", "APIM" + ktTok("apim2", 80, ktB64)},
	},
	"azure-ml-key": {
		tp: []string{"ml key «" + ktAzure88("aml", "+AMC") + "»"},
		fp: []string{"ml key " + ktTok("aml2", 76, ktB64) + "+AMC" + ktTok("aml2t", 5, ktB64) + "Z=="},
	},
	"azure-function-key": {
		tp: []string{"https://acme.azurewebsites.net/api/ingest?code=«" + ktTok("func", 44, ktB64u) + "AzFu" + ktTok("funct", 5, ktB64u) + "g==»"},
		fp: []string{"code=" + ktTok("func2", 40, ktB64u) + "AzFu" + ktTok("func2t", 5, ktB64u) + "g=="},
	},
	"azure-function-key-header": {
		tp: []string{"curl -H \"x-functions-key: «" + ktTok("func-legacy", 54, ktB64) + "==»\" https://acme.azurewebsites.net/api/run"},
		fp: []string{"x-functions-key: $FUNCTION_KEY", "x-functions-key: " + ktTok("func-legacy2", 56, ktB64)},
	},
	"azure-service-bus-key": {
		tp: []string{"Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=«" + ktAzure44("sb", "+ASb") + "»"},
		fp: []string{"SharedAccessKey=" + ktTok("sb2", 33, ktB64) + "+ASbZ" + ktTok("sb2t", 5, ktB64) + "="},
	},
	"azure-event-hubs-key": {
		tp: []string{"Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=«" + ktAzure44("eh", "+AEh") + "»;EntityPath=events"},
		fp: []string{"key " + ktTok("eh2", 30, ktB64) + "+AEhC" + ktTok("eh2t", 5, ktB64) + "="},
	},
	"azure-relay-key": {
		tp: []string{"relay «" + ktAzure44("relay", "+ARm") + "»"},
		fp: []string{"relay " + ktTok("relay2", 33, ktB64) + "+ARmC" + ktTok("relay2t", 5, ktB64)},
	},
	"azure-redis-key": {
		tp: []string{"acme.redis.cache.windows.net:6380,password=«" + ktAzure44("redis", "AzCa") + "»,ssl=True,abortConnect=False"},
		fp: []string{"password=" + ktTok("redis2", 33, ktB64) + "AzCaZ" + ktTok("redis2t", 5, ktB64) + "="},
	},
	"azure-iot-key": {
		tp: []string{"HostName=acme.azure-devices.net;DeviceId=pump-7;SharedAccessKey=«" + ktAzure44("iot", "AIoT") + "»"},
		fp: []string{"AIoT devices ship with " + ktTok("iot2", 20, ktB64)},
	},
	"azure-event-grid-key": {
		tp: []string{"aeg-sas-key: «" + ktAzure44("egrid", "AZEG") + "»"},
		fp: []string{"aeg-sas-key: " + ktTok("egrid2", 33, ktB64) + "AZEGC" + ktTok("egrid2t", 4, ktB64) + "="},
	},
	"azure-shared-access-key": {
		tp: []string{
			"Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=«" + ktTok("sak", 43, ktB64) + "=»",
		},
		fp: []string{
			"SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<key>",
			"SharedAccessKey=" + ktTok("sak2", 44, ktB64),
		},
	},
	"azure-container-registry-key": {
		tp: []string{"docker login acme.azurecr.io -u acme -p «" + ktTok("acr", 42, ktB64) + "+ACRB" + ktTok("acrt", 5, ktB64) + "»"},
		fp: []string{"-p " + ktTok("acr2", 42, ktB64) + "+ACRZ" + ktTok("acr2t", 5, ktB64)},
	},
	"azure-search-key": {
		tp: []string{"api-key: «" + ktTok("srch", 42, ktAN) + "AzSeC" + ktTok("srcht", 5, ktAN) + "»"},
		fp: []string{"api-key: " + ktTok("srch2", 42, ktAN) + "AzSeZ" + ktTok("srch2t", 5, ktAN)},
	},
	"azure-devops-pat": {
		tp: []string{"AZURE_DEVOPS_EXT_PAT=«" + ktAzure84("ado", "AAAAAZDO") + "»"},
		fp: []string{
			"AZURE_DEVOPS_EXT_PAT=" + ktAzure84("ado2", "AAAAAZDX"),
			"AZURE_DEVOPS_EXT_PAT=" + ktAzure84("ado3", "AAAAAZDO") + "Q",
		},
	},
	"azure-cognitive-services-key": {
		tp: []string{
			"AZURE_OPENAI_API_KEY=«" + ktAzure84("aoai", "AAABACOG") + "»",
			"api-key: «" + ktAzure84("aisvc", "AAAAACOG") + "»",
		},
		fp: []string{"api-key: " + ktAzure84("aoai2", "AAABACOX")},
	},
	"azure-devops-pat-legacy": {
		tp: []string{"export AZURE_DEVOPS_EXT_PAT=«" + ktTok("ado-legacy", 52, ktb32) + "»"},
		fp: []string{"AZURE_DEVOPS_EXT_PAT=" + ktTok("ado-legacy2", 52, ktHex), "AZURE_DEVOPS_EXT_PAT=$(System.AccessToken)"},
	},
	"azure-openai-key-legacy": {
		tp: []string{
			"AZURE_OPENAI_API_KEY=«" + ktTok("aoai-legacy", 32, ktHex) + "»",
			"Ocp-Apim-Subscription-Key: «" + ktTok("apim-legacy", 32, ktHex) + "»",
		},
		fp: []string{"AZURE_OPENAI_API_KEY=your-azure-openai-key", "AZURE_OPENAI_API_KEY=" + ktTok("aoai-l2", 31, ktHex)},
	},
	"azure-app-configuration-secret": {
		tp: []string{"Endpoint=https://acme-config.azconfig.io;Id=" + ktTok("appc-id", 20, ktAN) + ";Secret=«" + ktTok("appc", 44, ktB64) + "»"},
		fp: []string{"Endpoint=https://acme-config.azconfig.io;Id=abc;Secret=<secret>", "see acme-config.azconfig.io for details"},
	},
	"aws-mws-key": {
		tp: []string{"MWS_AUTH_TOKEN=«amzn.mws." + ktUUID("mws") + "»"},
		fp: []string{"amzn.mws." + ktTok("mws2", 36, ktHex), "amzn.mws.00000000-0000-0000-0000-000000000000"},
	},
	"tencent-cloud-secret-id": {
		tp: []string{"TENCENTCLOUD_SECRET_ID=«AKID" + ktTok("akid", 32, ktAN) + "»"},
		fp: []string{"AKID" + ktTok("akid2", 20, ktAN), "AKID" + ktTok("akid3", 32, ktUpper), "XAKID" + ktTok("akid4", 32, ktAN)},
	},
	"tencent-cloud-secret-key": {
		tp: []string{"TENCENTCLOUD_SECRET_KEY=«" + ktTok("tc-sk", 32, ktAN) + "»"},
		fp: []string{"TENCENTCLOUD_SECRET_KEY=${TC_SECRET}", "TENCENTCLOUD_SECRET_KEY=" + ktTok("tc-sk2", 32, ktHex)},
	},
	"linode-token": {
		tp: []string{"LINODE_TOKEN=«" + ktTok("linode", 64, ktHex) + "»"},
		fp: []string{"LINODE_TOKEN=" + ktTok("linode2", 40, ktHex), "LINODE_REGION=us-east"},
	},
	"hetzner-cloud-token": {
		tp: []string{"HCLOUD_TOKEN=«" + ktTok("hcloud", 64, ktAN) + "»"},
		fp: []string{"HCLOUD_TOKEN=<token>", "HCLOUD_TOKEN=" + ktTok("hcloud2", 64, ktHex)},
	},
	"digitalocean-pat": {
		tp: []string{"DIGITALOCEAN_TOKEN=«dop_v1_" + ktTok("dop", 64, ktHex) + "»"},
		fp: []string{"DIGITALOCEAN_TOKEN=dop_v1_" + ktTok("dop2", 60, ktHex), "dop_v1_" + strings.Repeat("0", 64)},
	},
	"digitalocean-oauth-token": {
		tp: []string{"token: «doo_v1_" + ktTok("doo", 64, ktHex) + "»"},
		fp: []string{"token: doo_v1_" + ktTok("doo2", 64, ktUpper)},
	},
	"digitalocean-refresh-token": {
		tp: []string{`"refresh_token": "«dor_v1_` + ktTok("dor", 64, ktHex) + `»"`},
		fp: []string{`"refresh_token": "dor_v1_` + ktTok("dor2", 65, ktHex) + `"`},
	},
	"heroku-api-key": {
		tp: []string{"HEROKU_API_KEY=«HRKU-AA" + ktTok("heroku", 58, ktB64u) + "»"},
		fp: []string{"HEROKU_API_KEY=HRKU-AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "HRKU-AA" + ktTok("heroku2", 40, ktB64u)},
	},
	"heroku-api-key-legacy": {
		tp: []string{"HEROKU_API_KEY=«" + ktUUID("heroku-legacy") + "»"},
		fp: []string{"HEROKU_APP_ID=" + ktUUID("heroku-app"), "HEROKU_API_KEY=00000000-0000-0000-0000-000000000000"},
	},
	"alibaba-access-key-id": {
		tp: []string{"ALIBABA_CLOUD_ACCESS_KEY_ID=«LTAI" + ktTok("ali", 20, ktAN) + "»"},
		fp: []string{"LTAI" + ktTok("ali2", 10, ktAN), "ltai" + ktTok("ali3", 20, ktAN), "VOLTAI" + ktTok("ali4", 20, ktAN)},
	},
	"alibaba-access-key-secret": {
		tp: []string{"ALIBABA_CLOUD_ACCESS_KEY_SECRET=«" + ktTok("ali-secret", 30, ktAN) + "»", `"AccessKeySecret": "«` + ktTok("ali-secret2", 30, ktAN) + `»"`},
		fp: []string{"ALIBABA_CLOUD_ACCESS_KEY_SECRET=${ALI_SECRET}", "AccessKeySecret: " + ktTok("ali-secret3", 24, ktAN)},
	},
	"yandex-api-key": {
		tp: []string{"YC_API_KEY=«AQVN" + ktTok("yc", 36, ktB64u) + "»"},
		fp: []string{"AQVN" + ktTok("yc2", 20, ktB64u), "x" + "AQVN" + ktTok("yc3", 36, ktB64u)},
	},
	"yandex-iam-token": {
		tp: []string{"YC_TOKEN=«t1." + ktTok("yciam", 120, ktB64u) + "." + ktTok("yciam-sig", 86, ktB64u) + "»"},
		fp: []string{"instance type t1.micro is cheap", "t1." + ktTok("yciam2", 120, ktB64u) + "." + ktTok("yciam2s", 40, ktB64u)},
	},
	"flyio-access-token": {
		tp: []string{"FLY_API_TOKEN=«fo1_" + ktTok("fly", 43, ktB64u) + "»"},
		fp: []string{"FLY_API_TOKEN=fo1_" + ktTok("fly2", 30, ktB64u)},
	},
	"flyio-macaroon": {
		tp: []string{"FLY_API_TOKEN=\"FlyV1 «fm2_" + ktTok("flym", 200, ktB64) + "»\""},
		fp: []string{"fm2_" + ktTok("flym2", 50, ktB64)},
	},
	"cloudflare-api-key": {
		tp: []string{
			"CLOUDFLARE_API_TOKEN=«cfut_" + ktTok("cfut", 40, ktAN) + ktTok("cfut-c", 8, ktHex) + "»",
			"X-Auth-Key: «cfk_" + ktTok("cfk", 40, ktAN) + ktTok("cfk-c", 8, ktHex) + "»",
			"«cfat_" + ktTok("cfat", 40, ktAN) + ktTok("cfat-c", 8, ktHex) + "»",
		},
		fp: []string{"cfut_" + ktTok("cfut2", 40, ktAN) + "ghijklmn", "cfut_" + ktTok("cfut3", 30, ktAN)},
	},
	"cloudflare-origin-ca-key": {
		tp: []string{"CF_ORIGIN_CA_KEY=«v1.0-" + ktTok("cfo", 24, ktHex) + "-" + ktTok("cfo2", 146, ktHex) + "»"},
		fp: []string{"release v1.0-beta", "v1.0-" + ktTok("cfo3", 24, ktHex) + "-" + ktTok("cfo4", 100, ktHex)},
	},
	"cloudflare-global-api-key-legacy": {
		tp: []string{"CF_API_KEY=«" + ktTok("cf-global", 37, ktHex) + "»", "-H \"X-Auth-Key: «" + ktTok("cf-global2", 37, ktHex) + "»\""},
		fp: []string{"CF_API_KEY=" + ktTok("cf-global3", 32, ktHex), "X-Auth-Key: $CF_API_KEY"},
	},
	"cloudflare-api-token-legacy": {
		tp: []string{"CLOUDFLARE_API_TOKEN=«" + ktTok("cf-token", 40, ktAN) + "»"},
		fp: []string{"CLOUDFLARE_API_TOKEN=" + ktTok("cf-token2", 40, ktHex), "CLOUDFLARE_API_TOKEN=${{ secrets.CF_TOKEN }}"},
	},
	"ibm-cloud-api-key": {
		tp: []string{"IBMCLOUD_API_KEY=«" + ktTok("ibm", 44, ktB64u) + "»"},
		fp: []string{"IBMCLOUD_API_KEY=<api-key>", "IBMCLOUD_API_KEY=" + ktTok("ibm2", 40, ktB64u)},
	},
	"databricks-token": {
		tp: []string{"DATABRICKS_TOKEN=«dapi" + ktTok("dbx", 32, ktHex) + "»", "token: «dapi" + ktTok("dbx2", 32, ktHex) + "-2»"},
		fp: []string{"dapi" + ktTok("dbx3", 32, ktUpper), "dapi" + ktTok("dbx4", 30, ktHex), "sdapi" + ktTok("dbx5", 32, ktHex)},
	},
	"netlify-pat": {
		tp: []string{"NETLIFY_AUTH_TOKEN=«nfp_" + ktTok("nfp", 36, ktAN) + "»"},
		fp: []string{"nfp_" + ktTok("nfp2", 20, ktAN)},
	},
	"netlify-token-legacy": {
		tp: []string{"NETLIFY_AUTH_TOKEN=«" + ktTok("netlify", 43, ktB64u) + "»"},
		fp: []string{"NETLIFY_AUTH_TOKEN=$NETLIFY_TOKEN", "NETLIFY_SITE_ID=" + ktUUID("netlify-site")},
	},
	"tailscale-key": {
		tp: []string{
			"TS_AUTHKEY=«tskey-auth-" + ktTok("ts-id", 12, ktAN) + "-" + ktTok("ts-sec", 33, ktAN) + "»",
			"«tskey-api-" + ktTok("ts-id2", 12, ktAN) + "-" + ktTok("ts-sec2", 33, ktAN) + "»",
		},
		fp: []string{"TS_AUTHKEY=tskey-auth-XXXXXX", "tskey-foo-" + ktTok("ts-id3", 12, ktAN) + "-" + ktTok("ts-sec3", 33, ktAN)},
	},
	"openshift-user-token": {
		tp: []string{"oc login --token=«sha256~" + ktTok("ocp", 43, ktB64u) + "» --server=https://api.acme:6443"},
		fp: []string{"oc login --token=sha256~" + ktTok("ocp2", 30, ktB64u)},
	},
	"scaleway-secret-key": {
		tp: []string{"SCW_SECRET_KEY=«" + ktUUID("scw") + "»"},
		fp: []string{"SCW_SECRET_KEY=" + ktTok("scw2", 36, ktHex), "SCW_DEFAULT_PROJECT_ID=" + ktUUID("scw-proj")},
	},
	"railway-token": {
		tp: []string{"RAILWAY_TOKEN=«" + ktUUID("railway") + "»"},
		fp: []string{"RAILWAY_TOKEN=${{ secrets.RAILWAY_TOKEN }}", "RAILWAY_PROJECT_ID=" + ktUUID("railway-p")},
	},
	"vultr-api-key": {
		tp: []string{"VULTR_API_KEY=«" + ktTok("vultr", 36, ktUpper) + "»"},
		fp: []string{"VULTR_API_KEY=" + ktTok("vultr2", 36, ktLan), "VULTR_API_KEY=<key>"},
	},
}

// credentialFamilies are the example sets of the cloud, vcs, llm and payment families.
func credentialFamilies() map[string]examples {
	all := map[string]examples{}
	for _, fam := range []map[string]examples{cloudExamples, vcsExamples, llmExamples, paymentExamples} {
		for id, ex := range fam {
			all[id] = ex
		}
	}
	return all
}

// TestCredentialTruncated cuts every true positive of the credential families at every
// offset, from either end, so each matcher meets its input ending or starting mid-token: no
// panic, every finding inside the text. Failure messages give offsets only.
func TestCredentialTruncated(t *testing.T) {
	e, err := redact.New(redact.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var fs []redact.Finding
	for id, ex := range credentialFamilies() {
		for n, raw := range ex.tp {
			text, _, _ := unmark(raw)
			b := []byte(text)
			for i := 0; i <= len(b); i++ {
				for _, part := range [][]byte{b[:i], b[i:]} {
					fs = e.Find(fs[:0], part)
					for _, f := range fs {
						if f.Start < 0 || f.End > len(part) || f.Start >= f.End {
							t.Fatalf("%s tp %d cut at %d: finding [%d,%d) outside %d bytes", id, n, i, f.Start, f.End, len(part))
						}
					}
				}
			}
		}
	}
}

// TestCredentialRedactIdempotent redacts every true positive of the credential families with
// all rules, with placeholders and with pseudonyms: the secret's bytes are gone, and the
// rules of these families find nothing in the output.
func TestCredentialRedactIdempotent(t *testing.T) {
	fams := credentialFamilies()
	var mine []rules.Rule
	for _, r := range rules.Builtin() {
		if _, ok := fams[r.ID]; ok {
			mine = append(mine, r)
		}
	}
	again, err := redact.New(redact.Config{Rules: mine})
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []struct {
		name string
		op   redact.Operator
	}{{"placeholder", redact.Placeholder{}}, {"pseudonym", redact.Pseudonym{}}} {
		e, err := redact.New(redact.Config{Default: op.op})
		if err != nil {
			t.Fatal(err)
		}
		for id, ex := range fams {
			for n, raw := range ex.tp {
				text, s, end := unmark(raw)
				out, _ := e.Redact([]byte(text))
				if strings.Contains(string(out), text[s:end]) {
					t.Errorf("%s: %s tp %d: secret [%d,%d) survives redaction", op.name, id, n, s, end)
				}
				if fs := again.Find(nil, out); len(fs) != 0 {
					t.Errorf("%s: %s tp %d: redacted output still has findings %s", op.name, id, n, describe(fs))
				}
			}
		}
	}
}
