package rules

// Alphabets of cloud credentials.
var (
	credB64uDot   = NewSet("A-Za-z0-9_.=-") // base64url with dots and padding (Google, Yandex tokens)
	credB32Lower  = NewSet("a-z2-7")        // lower-case base32
	credB32Upper  = NewSet("A-Z2-7")        // upper-case base32
	credTailscale = NewSet("A-Za-z0-9-")    // Tailscale key body
	credNetlify   = NewSet("A-Za-z0-9_")    // Netlify nfp_ body
	credHexDash   = NewSet("0-9a-f-")       // hex groups joined by dashes
)

// azureKey88 is the layout of Microsoft's 88-character identifiable keys: 76 base64
// characters, a four-character signature, 5 more, one of A Q g w, and "==".
func azureKey88(sig string) Matcher {
	return credLayout(credB64Before, 1, credRun(Base64, 76), credLit(sig), credRun(Base64, 5), credOne("AQgw"), credLit("=="))
}

// azureKey44 is the layout of the 44-character identifiable keys (Service Bus, Event Hubs,
// Relay, Redis, IoT, Event Grid): 33 base64 characters, the signature, one of A to P, 5 more,
// and "=".
func azureKey44(sig string) Matcher {
	return credLayout(credB64Before, 1, credRun(Base64, 33), credLit(sig), credOne("A-P"), credRun(Base64, 5), credLit("="))
}

// azureKey84 is the layout of Microsoft's 84-character common annotated keys: 52
// alphanumerics, "JQQJ99", one alphanumeric, one of A to L, 12 alphanumerics, an eight-byte
// provider tag (of which tagHead and tagTail are fixed, with one free byte between when
// both are given), and 4 alphanumerics.
func azureKey84(tagHead, tagTail string) Matcher {
	segs := []credSeg{credRun(AlNum, 52), credLit("JQQJ99"), credRun(AlNum, 1), credOne("A-L"), credRun(AlNum, 12), credLit(tagHead)}
	if tagTail != "" {
		segs = append(segs, credRun(AlNum, 1), credLit(tagTail))
	}
	segs = append(segs, credRun(AlNum, 4))
	return credLayout(AlNum, 1, segs...)
}

// azureLegacyKey reports whether v is an 88-character base64 key ending "==" that is not
// one of the published emulator keys (Azurite, Cosmos DB emulator).
func azureLegacyKey(v []byte) bool {
	if len(v) != 88 || v[86] != '=' || v[87] != '=' || !credAll(v[:86], &Base64) {
		return false
	}
	switch string(v) {
	case "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
		"C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==":
		return false
	}
	return Entropy(v) >= 4.5
}

// sharedAccessKey reports whether v is a 44-character base64 key ending in one "=".
func sharedAccessKey(v []byte) bool {
	return len(v) == 44 && v[43] == '=' && v[42] != '=' && credAll(v[:43], &Base64) && Entropy(v) >= 4.0
}

// functionKey reports whether v is a 56-character base64 key ending "==".
func functionKey(v []byte) bool {
	return len(v) == 56 && v[55] == '=' && v[54] == '=' && credAll(v[:54], &credB64Edge) && Entropy(v) >= 4.0
}

// tailscaleKey reports whether tok (tskey-<kind>-<id>-<secret>) has a known kind, an id
// and a secret of at least 16 characters.
func tailscaleKey(tok []byte) bool {
	rest := tok[len("tskey-"):]
	kind := 0
	for kind < len(rest) && rest[kind] != '-' {
		kind++
	}
	switch string(rest[:kind]) {
	case "api", "auth", "client", "scim", "webhook":
	default:
		return false
	}
	rest = rest[kind:]
	if len(rest) < 2 {
		return false
	}
	rest = rest[1:]
	id := 0
	for id < len(rest) && rest[id] != '-' {
		id++
	}
	if id < 6 || id == len(rest) {
		return false
	}
	secret := rest[id+1:]
	return len(secret) >= 16 && credAll(secret, &AlNum) && Entropy(secret) >= 3.5
}

// originCAKey reports whether tok is v1.0-<24 hex>-<146 hex>.
func originCAKey(tok []byte) bool {
	b := tok[len("v1.0-"):]
	return len(b) == 171 && credAll(b[:24], &credHex) && b[24] == '-' && credAll(b[25:], &credHex)
}

// cloudflareScannable reports whether a cfk_/cfut_/cfat_ body ends in an eight-digit hex
// checksum after 40 alphanumerics.
func cloudflareScannable(tok []byte) bool {
	i := 0
	for i < len(tok) && tok[i] != '_' {
		i++
	}
	b := tok[i+1:]
	return len(b) == 48 && credAll(b[40:], &HexAny) && credMixedCase(b[:40])
}

// yandexIAMToken reports whether tok is t1.<segment>.<86 base64url, optional padding>.
func yandexIAMToken(tok []byte) bool {
	b := tok[len("t1."):]
	dot := -1
	for i, c := range b {
		if c == '.' {
			if dot >= 0 {
				return false
			}
			dot = i
		}
	}
	if dot < 8 {
		return false
	}
	sig := b[dot+1:]
	for len(sig) > 0 && sig[len(sig)-1] == '=' {
		sig = sig[:len(sig)-1]
	}
	return len(sig) == 86 && credAll(sig, &Base64URL)
}

// cloud returns the rules for cloud providers and infrastructure platforms (AWS, GCP, Azure, DigitalOcean, Heroku, Alibaba, …).
func cloud() []Rule {
	return []Rule{
		// AWS
		{
			ID: "aws-secret-access-key-near-id", Type: "AWS_SECRET_ACCESS_KEY", Category: Secret,
			Description: "40-character AWS secret access key within a few lines of an AKIA/ASIA key id (CSV exports, credential files)",
			Keywords:    []string{"AKIA", "ASIA"},
			Match:       matchAWSSecretNearID,
			Heuristic:   true,
		},
		{
			ID: "aws-access-key-id", Type: "AWS_ACCESS_KEY_ID", Category: Secret,
			Description: "AWS access key id (AKIA long-term, ASIA temporary, ABIA, ACCA), EXAMPLE ids excluded",
			Keywords:    []string{"AKIA", "ASIA", "ABIA", "ACCA"},
			Match:       credPrefixed(TokenOpts{Min: 16, Body: credB32Upper, Before: &AlNum}, "AKIA", "ASIA", "ABIA", "ACCA"),
		},
		{
			ID: "aws-secret-access-key", Type: "AWS_SECRET_ACCESS_KEY", Category: Secret,
			Description: "40-character AWS secret access key assigned to aws_secret_access_key, SecretAccessKey or similar",
			Keywords:    []string{"secret_access_key", "secretaccesskey", "secret-access-key", "aws_secret_key", "aws_secret"},
			Match:       credValue(40, 40, credB64Pad, 0, awsSecretShape),
			Heuristic:   true,
		},
		{
			ID: "aws-session-token", Type: "AWS_SESSION_TOKEN", Category: Secret,
			Description: "AWS STS session token assigned to aws_session_token or sent as X-Amz-Security-Token",
			Keywords:    []string{"aws_session_token", "x-amz-security-token", "awssessiontoken", "aws_security_token"},
			Match:       credValue(100, 2048, credB64Pad, 4.5, nil),
			Heuristic:   true,
		},
		{
			ID: "aws-session-token-prefixed", Type: "AWS_SESSION_TOKEN", Category: Secret,
			Description: "AWS STS session token by its fixed opening (IQoJb3JpZ2lu…, FwoGZXIvYXdz…)",
			Keywords:    []string{"IQoJb3JpZ2lu", "FwoGZXIvYXdz"},
			Match:       credPrefixed(TokenOpts{Min: 88, Max: 2048, Body: credB64Pad, Before: &Base64}, "IQoJb3JpZ2lu", "FwoGZXIvYXdz"),
		},
		{
			ID: "aws-bedrock-api-key", Type: "AWS_BEDROCK_API_KEY", Category: Secret,
			Description: "long-lived Amazon Bedrock API key, ABSK + base64 of BedrockAPIKey-…",
			Keywords:    []string{"ABSKQmVkcm9ja0FQSUtleS"},
			Match:       credPrefixed(TokenOpts{Min: 91, Max: 253, Body: credB64Pad, Before: &Base64}, "ABSKQmVkcm9ja0FQSUtleS"),
		},
		{
			ID: "aws-bedrock-api-key-short-lived", Type: "AWS_BEDROCK_API_KEY", Category: Secret,
			Description: "short-lived Amazon Bedrock API key, bedrock-api-key- + base64 presigned request",
			Keywords:    []string{"bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t"},
			Match:       credPrefixed(TokenOpts{Min: 40, Max: 4096, Body: credB64Pad, AllowPlaceholder: true, MinEntropy: 4.0}, "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t"),
		},
		// Google
		{
			ID: "gcp-api-key", Type: "GCP_API_KEY", Category: Secret,
			Description: "Google API key (Cloud, Maps, Firebase, Gemini), AIza + 35 base64url",
			Keywords:    []string{"AIza"},
			Match:       credPrefixed(TokenOpts{Min: 35, Body: Base64URL, MinEntropy: 3.5, Before: &credB64Before}, "AIza"),
		},
		{
			ID: "google-oauth-refresh-token", Type: "GOOGLE_OAUTH_TOKEN", Category: Secret,
			Description: "Google OAuth 2.0 refresh token (gcloud, ADC, Firebase CLI), 1//0 + base64url",
			Keywords:    []string{"1//0"},
			Match:       credPrefixed(TokenOpts{Min: 40, Max: 512, Body: Base64URL, MinEntropy: 4.0, Before: &credB64Before}, "1//0"),
		},
		{
			ID: "firebase-fcm-server-key", Type: "FIREBASE_FCM_KEY", Category: Secret,
			Description: "legacy Firebase Cloud Messaging server key, AAAA + 7 base64url + :APA91b + 134 base64url",
			Keywords:    []string{":APA91b"},
			Match:       credLayout(credB64Before, 2, credLit("AAAA"), credRun(Base64URL, 7), credLit(":APA91b"), credRun(Base64URL, 134)),
		},
		{
			ID: "gcp-service-account-key-id", Type: "GCP_SERVICE_ACCOUNT_KEY", Category: Secret,
			Description: "private_key_id (40 hex) of a Google service-account key file",
			Keywords:    []string{"private_key_id"},
			Match:       credValue(40, 40, credHex, 3.0, nil),
			Heuristic:   true,
		},
		{
			ID: "google-oauth-client-secret", Type: "GOOGLE_OAUTH_CLIENT_SECRET", Category: Secret,
			Description: "Google OAuth client secret, GOCSPX- + 28 base64url",
			Keywords:    []string{"GOCSPX-"},
			Match:       credPrefixed(TokenOpts{Min: 28, Body: Base64URL, MinEntropy: 3.5}, "GOCSPX-"),
		},
		{
			ID: "google-oauth-access-token", Type: "GOOGLE_OAUTH_TOKEN", Category: Secret,
			Description: "Google OAuth 2.0 access token, ya29. + base64url",
			Keywords:    []string{"ya29."},
			Match:       credPrefixed(TokenOpts{Min: 30, Max: 2048, Body: credB64uDot, MinEntropy: 4.0}, "ya29."),
		},
		// Azure
		{
			ID: "azure-entra-client-secret", Type: "AZURE_CLIENT_SECRET", Category: Secret,
			Description: "Entra ID (Azure AD) application client secret, ~40 characters with 7Q~ or 8Q~ at offset 3",
			Keywords:    []string{"7Q~", "8Q~"},
			Match:       matchEntraSecret,
		},
		{
			ID: "azure-storage-account-key", Type: "AZURE_STORAGE_KEY", Category: Secret,
			Description: "identifiable Azure Storage account key (88 characters, +ASt signature)",
			Keywords:    []string{"+ASt"},
			Match:       azureKey88("+ASt"),
		},
		{
			ID: "azure-storage-connection-string-key", Type: "AZURE_STORAGE_KEY", Category: Secret,
			Description: "88-character account key after AccountKey= in an Azure Storage or Cosmos DB connection string (emulator keys excluded)",
			Keywords:    []string{"AccountKey"},
			Match:       credValue(88, 88, credB64Pad, 0, azureLegacyKey),
			Heuristic:   true,
		},
		{
			ID: "azure-storage-account-key-context", Type: "AZURE_STORAGE_KEY", Category: Secret,
			Description: "legacy 88-character Azure Storage key assigned to AZURE_STORAGE_KEY, storage_account_key or similar",
			Keywords:    []string{"storage_key", "storagekey", "storage_account_key", "storageaccountkey", "storage-account-key"},
			Match:       credValue(88, 88, credB64Pad, 0, azureLegacyKey),
			Heuristic:   true,
		},
		{
			ID: "azure-sas-signature", Type: "AZURE_SAS_TOKEN", Category: Secret,
			Description: "signature (sig=) of an Azure shared access signature whose query also holds sv= and se=/sp=/sr=/ss=",
			Keywords:    []string{"sv="},
			Match:       matchAzureSAS,
		},
		{
			ID: "azure-sas-token-signature", Type: "AZURE_SAS_TOKEN", Category: Secret,
			Description: "signature of a Service Bus, Event Hubs or IoT Hub SAS token (SharedAccessSignature sr=…&sig=…&se=…)",
			Keywords:    []string{"SharedAccessSignature sr="},
			Match:       matchAzureSASToken,
		},
		{
			ID: "azure-function-key-url", Type: "AZURE_FUNCTION_KEY", Category: Secret,
			Description: "Azure Functions key in the code= parameter of a *.azurewebsites.net/api/ URL",
			Keywords:    []string{".azurewebsites.net/api/"},
			Match:       matchAzureFunctionURL,
		},
		{
			ID: "azure-cosmosdb-key", Type: "AZURE_COSMOSDB_KEY", Category: Secret,
			Description: "identifiable Azure Cosmos DB key (88 characters, ACDb signature)",
			Keywords:    []string{"ACDb"},
			Match:       azureKey88("ACDb"),
		},
		{
			ID: "azure-batch-key", Type: "AZURE_BATCH_KEY", Category: Secret,
			Description: "identifiable Azure Batch account key (88 characters, +ABa signature)",
			Keywords:    []string{"+ABa"},
			Match:       azureKey88("+ABa"),
		},
		{
			ID: "azure-apim-key", Type: "AZURE_APIM_KEY", Category: Secret,
			Description: "identifiable Azure API Management key (88 characters, APIM signature)",
			Keywords:    []string{"APIM"},
			Match:       azureKey88("APIM"),
		},
		{
			ID: "azure-ml-key", Type: "AZURE_ML_KEY", Category: Secret,
			Description: "identifiable Azure Machine Learning web service key (88 characters, +AMC signature)",
			Keywords:    []string{"+AMC"},
			Match:       azureKey88("+AMC"),
		},
		{
			ID: "azure-function-key", Type: "AZURE_FUNCTION_KEY", Category: Secret,
			Description: "identifiable Azure Functions key (56 characters, AzFu signature)",
			Keywords:    []string{"AzFu"},
			Match:       credLayout(credB64Before, 1, credRun(Base64URL, 44), credLit("AzFu"), credRun(Base64URL, 5), credOne("AQgw"), credLit("==")),
		},
		{
			ID: "azure-function-key-header", Type: "AZURE_FUNCTION_KEY", Category: Secret,
			Description: "legacy 56-character Azure Functions key sent as x-functions-key",
			Keywords:    []string{"x-functions-key"},
			Match:       credValue(56, 56, credB64Edge, 0, functionKey),
			Heuristic:   true,
		},
		{
			ID: "azure-service-bus-key", Type: "AZURE_SERVICE_BUS_KEY", Category: Secret,
			Description: "identifiable Azure Service Bus shared access key (44 characters, +ASb signature)",
			Keywords:    []string{"+ASb"},
			Match:       azureKey44("+ASb"),
		},
		{
			ID: "azure-event-hubs-key", Type: "AZURE_EVENT_HUBS_KEY", Category: Secret,
			Description: "identifiable Azure Event Hubs shared access key (44 characters, +AEh signature)",
			Keywords:    []string{"+AEh"},
			Match:       azureKey44("+AEh"),
		},
		{
			ID: "azure-relay-key", Type: "AZURE_RELAY_KEY", Category: Secret,
			Description: "identifiable Azure Relay shared access key (44 characters, +ARm signature)",
			Keywords:    []string{"+ARm"},
			Match:       azureKey44("+ARm"),
		},
		{
			ID: "azure-redis-key", Type: "AZURE_REDIS_KEY", Category: Secret,
			Description: "identifiable Azure Cache for Redis key (44 characters, AzCa signature)",
			Keywords:    []string{"AzCa"},
			Match:       azureKey44("AzCa"),
		},
		{
			ID: "azure-iot-key", Type: "AZURE_IOT_KEY", Category: Secret,
			Description: "identifiable Azure IoT Hub, device or DPS key (44 characters, AIoT signature)",
			Keywords:    []string{"AIoT"},
			Match:       azureKey44("AIoT"),
		},
		{
			ID: "azure-event-grid-key", Type: "AZURE_EVENT_GRID_KEY", Category: Secret,
			Description: "identifiable Azure Event Grid key (44 characters, AZEG signature)",
			Keywords:    []string{"AZEG"},
			Match:       azureKey44("AZEG"),
		},
		{
			ID: "azure-shared-access-key", Type: "AZURE_SHARED_ACCESS_KEY", Category: Secret,
			Description: "legacy 44-character shared access key after SharedAccessKey= in a Service Bus, Event Hubs or IoT connection string",
			Keywords:    []string{"SharedAccessKey"},
			Match:       credValue(44, 44, credB64Pad, 0, sharedAccessKey),
			Heuristic:   true,
		},
		{
			ID: "azure-container-registry-key", Type: "AZURE_CONTAINER_REGISTRY_KEY", Category: Secret,
			Description: "identifiable Azure Container Registry password (52 characters, +ACR signature)",
			Keywords:    []string{"+ACR"},
			Match:       credLayout(credB64Before, 1, credRun(Base64, 42), credLit("+ACR"), credOne("A-D"), credRun(Base64, 5)),
		},
		{
			ID: "azure-search-key", Type: "AZURE_SEARCH_KEY", Category: Secret,
			Description: "identifiable Azure AI Search query or admin key (52 characters, AzSe signature)",
			Keywords:    []string{"AzSe"},
			Match:       credLayout(credB64Before, 1, credRun(AlNum, 42), credLit("AzSe"), credOne("A-D"), credRun(AlNum, 5)),
		},
		{
			ID: "azure-devops-pat", Type: "AZURE_DEVOPS_PAT", Category: Secret,
			Description: "Azure DevOps personal access token (84 characters, JQQJ99 signature, AZDO tag)",
			Keywords:    []string{"JQQJ99"},
			Match:       azureKey84("AAAAAZDO", ""),
		},
		{
			ID: "azure-cognitive-services-key", Type: "AZURE_OPENAI_KEY", Category: Secret,
			Description: "Azure OpenAI, AI services or Cognitive Services key (84 characters, JQQJ99 signature, ACOG tag)",
			Keywords:    []string{"JQQJ99"},
			Match:       azureKey84("AAA", "ACOG"),
		},
		{
			ID: "azure-devops-pat-legacy", Type: "AZURE_DEVOPS_PAT", Category: Secret,
			Description: "legacy 52-character lower-case base32 Azure DevOps PAT assigned to AZURE_DEVOPS_EXT_PAT or similar",
			Keywords:    []string{"devops_pat", "devops_ext_pat", "devops_token", "ado_pat"},
			Match:       credValue(52, 52, credB32Lower, 3.8, nil),
			Heuristic:   true,
		},
		{
			ID: "azure-openai-key-legacy", Type: "AZURE_OPENAI_KEY", Category: Secret,
			Description: "legacy 32-hex Azure OpenAI or Cognitive Services key assigned to AZURE_OPENAI_API_KEY or Ocp-Apim-Subscription-Key",
			Keywords:    []string{"azure_openai_api_key", "azure_openai_key", "azure-openai-key", "ocp-apim-subscription-key", "cognitive_services_key"},
			Match:       credValue(32, 32, HexAny, 3.0, nil),
			Heuristic:   true,
		},
		{
			ID: "azure-app-configuration-secret", Type: "AZURE_APP_CONFIG_SECRET", Category: Secret,
			Description: "Secret of an Azure App Configuration connection string (Endpoint=https://….azconfig.io;Id=…;Secret=…)",
			Keywords:    []string{".azconfig.io"},
			Match:       matchAzureAppConfig,
		},
		// Other clouds and platforms
		{
			ID: "aws-mws-key", Type: "AWS_MWS_KEY", Category: Secret,
			Description: "Amazon Marketplace Web Service auth token, amzn.mws. + UUID",
			Keywords:    []string{"amzn.mws."},
			Match:       credPrefixed(TokenOpts{Min: 36, Body: credUUIDChars, MinEntropy: 3.0, Validate: func(t []byte) bool { return IsUUID(t[len("amzn.mws."):]) }}, "amzn.mws."),
		},
		{
			ID: "tencent-cloud-secret-id", Type: "TENCENT_CLOUD_SECRET_ID", Category: Secret,
			Description: "Tencent Cloud SecretId, AKID + 32 alphanumerics",
			Keywords:    []string{"AKID"},
			Match:       credPrefixed(TokenOpts{Min: 32, Body: AlNum, MinEntropy: 3.5, Before: &AlNum, Validate: func(t []byte) bool { return credMixedCase(t[4:]) }}, "AKID"),
		},
		{
			ID: "tencent-cloud-secret-key", Type: "TENCENT_CLOUD_SECRET_KEY", Category: Secret,
			Description: "32-character Tencent Cloud SecretKey assigned to TENCENTCLOUD_SECRET_KEY or similar",
			Keywords:    []string{"tencentcloud_secret_key", "tencent_secret_key", "tencentcloud_secretkey", "tencent_cloud_secret_key"},
			Match:       credValue(32, 32, AlNum, 3.5, credMixedCase),
			Heuristic:   true,
		},
		{
			ID: "linode-token", Type: "LINODE_TOKEN", Category: Secret,
			Description: "64-hex Linode (Akamai) personal access token assigned to LINODE_TOKEN or similar",
			Keywords:    []string{"linode_token", "linode_api_token", "linode_cli_token", "linode_access_token"},
			Match:       credValue(64, 64, credHex, 3.3, nil),
			Heuristic:   true,
		},
		{
			ID: "hetzner-cloud-token", Type: "HETZNER_TOKEN", Category: Secret,
			Description: "64-character Hetzner Cloud API token assigned to HCLOUD_TOKEN or similar",
			Keywords:    []string{"hcloud_token", "hetzner_token", "hetzner_api_token", "hetzner_cloud_token"},
			Match:       credValue(64, 64, AlNum, 3.8, credMixedCase),
			Heuristic:   true,
		},
		{
			ID: "digitalocean-pat", Type: "DIGITALOCEAN_TOKEN", Category: Secret,
			Description: "DigitalOcean personal access token, dop_v1_ + 64 hex",
			Keywords:    []string{"dop_v1_"},
			Match:       credPrefixed(TokenOpts{Min: 64, Body: credHex, MinEntropy: 3.0}, "dop_v1_"),
		},
		{
			ID: "digitalocean-oauth-token", Type: "DIGITALOCEAN_TOKEN", Category: Secret,
			Description: "DigitalOcean OAuth access token, doo_v1_ + 64 hex",
			Keywords:    []string{"doo_v1_"},
			Match:       credPrefixed(TokenOpts{Min: 64, Body: credHex, MinEntropy: 3.0}, "doo_v1_"),
		},
		{
			ID: "digitalocean-refresh-token", Type: "DIGITALOCEAN_TOKEN", Category: Secret,
			Description: "DigitalOcean OAuth refresh token, dor_v1_ + 64 hex",
			Keywords:    []string{"dor_v1_"},
			Match:       credPrefixed(TokenOpts{Min: 64, Body: credHex, MinEntropy: 3.0}, "dor_v1_"),
		},
		{
			ID: "heroku-api-key", Type: "HEROKU_API_KEY", Category: Secret,
			Description: "Heroku API key, HRKU-AA + 58 base64url",
			Keywords:    []string{"HRKU-AA"},
			Match:       credPrefixed(TokenOpts{Min: 58, Body: Base64URL, MinEntropy: 3.5}, "HRKU-AA"),
		},
		{
			ID: "heroku-api-key-legacy", Type: "HEROKU_API_KEY", Category: Secret,
			Description: "legacy UUID Heroku API key assigned to HEROKU_API_KEY or similar",
			Keywords:    []string{"heroku_api_key", "heroku_api_token", "heroku_auth_token", "herokuapikey"},
			Match:       credValue(36, 36, credUUIDChars, 3.0, IsUUID),
			Heuristic:   true,
		},
		{
			ID: "alibaba-access-key-id", Type: "ALIBABA_ACCESS_KEY_ID", Category: Secret,
			Description: "Alibaba Cloud AccessKey id, LTAI + 17 to 21 alphanumerics",
			Keywords:    []string{"LTAI"},
			Match:       credPrefixed(TokenOpts{Min: 17, Max: 21, Body: AlNum, MinEntropy: 3.2}, "LTAI"),
		},
		{
			ID: "alibaba-access-key-secret", Type: "ALIBABA_ACCESS_KEY_SECRET", Category: Secret,
			Description: "30-character Alibaba Cloud AccessKey secret assigned to AccessKeySecret or ALIBABA_CLOUD_ACCESS_KEY_SECRET",
			Keywords:    []string{"accesskeysecret", "access_key_secret", "access-key-secret"},
			Match:       credValue(30, 30, AlNum, 3.5, nil),
			Heuristic:   true,
		},
		{
			ID: "yandex-api-key", Type: "YANDEX_API_KEY", Category: Secret,
			Description: "Yandex Cloud API key, AQVN + 35 to 38 base64url",
			Keywords:    []string{"AQVN"},
			Match:       credPrefixed(TokenOpts{Min: 35, Max: 38, Body: Base64URL, MinEntropy: 3.5, Before: &credB64Before}, "AQVN"),
		},
		{
			ID: "yandex-iam-token", Type: "YANDEX_IAM_TOKEN", Category: Secret,
			Description: "Yandex Cloud IAM token, t1. + payload + . + 86 base64url",
			Keywords:    []string{"t1."},
			Match:       credPrefixed(TokenOpts{Min: 96, Max: 1024, Body: credB64uDot, MinEntropy: 4.0, Validate: yandexIAMToken}, "t1."),
		},
		{
			ID: "flyio-access-token", Type: "FLYIO_TOKEN", Category: Secret,
			Description: "Fly.io API token, fo1_ + 43 base64url",
			Keywords:    []string{"fo1_"},
			Match:       credPrefixed(TokenOpts{Min: 43, Body: Base64URL, MinEntropy: 3.5}, "fo1_"),
		},
		{
			ID: "flyio-macaroon", Type: "FLYIO_TOKEN", Category: Secret,
			Description: "Fly.io macaroon token, fm1r_, fm1a_ or fm2_ + base64",
			Keywords:    []string{"fm1r_", "fm1a_", "fm2_"},
			Match:       credPrefixed(TokenOpts{Min: 100, Max: 4096, Body: credB64Edge, MinEntropy: 4.0}, "fm1r_", "fm1a_", "fm2_"),
		},
		{
			ID: "cloudflare-api-key", Type: "CLOUDFLARE_API_KEY", Category: Secret,
			Description: "Cloudflare scannable global API key, user or account token (cfk_, cfut_, cfat_ + 40 alphanumerics + hex checksum)",
			Keywords:    []string{"cfk_", "cfut_", "cfat_"},
			Match:       credPrefixed(TokenOpts{Min: 48, Body: AlNum, Validate: cloudflareScannable}, "cfk_", "cfut_", "cfat_"),
		},
		{
			ID: "cloudflare-origin-ca-key", Type: "CLOUDFLARE_ORIGIN_CA_KEY", Category: Secret,
			Description: "Cloudflare Origin CA key, v1.0- + 24 hex + - + 146 hex",
			Keywords:    []string{"v1.0-"},
			Match:       credPrefixed(TokenOpts{Min: 171, Body: credHexDash, Validate: originCAKey}, "v1.0-"),
		},
		{
			ID: "cloudflare-global-api-key-legacy", Type: "CLOUDFLARE_API_KEY", Category: Secret,
			Description: "legacy 37-hex Cloudflare global API key assigned to CF_API_KEY, X-Auth-Key or CLOUDFLARE_API_KEY",
			Keywords:    []string{"cf_api_key", "x-auth-key", "cloudflare_api_key", "cloudflare_global_api_key", "cloudflare_key"},
			Match:       credValue(37, 45, credHex, 3.0, nil),
			Heuristic:   true,
		},
		{
			ID: "cloudflare-api-token-legacy", Type: "CLOUDFLARE_API_TOKEN", Category: Secret,
			Description: "legacy 40-character Cloudflare API token assigned to CF_API_TOKEN or CLOUDFLARE_API_TOKEN",
			Keywords:    []string{"cf_api_token", "cloudflare_api_token", "cloudflare_token"},
			Match:       credValue(40, 40, Base64URL, 3.5, credMixedCase),
			Heuristic:   true,
		},
		{
			ID: "ibm-cloud-api-key", Type: "IBM_CLOUD_API_KEY", Category: Secret,
			Description: "44-character IBM Cloud IAM API key assigned to IBMCLOUD_API_KEY or similar",
			Keywords:    []string{"ibmcloud_api_key", "ibm_cloud_api_key", "ibm_api_key", "ibm_iam_api_key", "ic_api_key"},
			Match:       credValue(44, 44, Base64URL, 3.8, nil),
			Heuristic:   true,
		},
		{
			ID: "databricks-token", Type: "DATABRICKS_TOKEN", Category: Secret,
			Description: "Databricks personal access token, dapi + 32 hex (optionally -<digit>)",
			Keywords:    []string{"dapi"},
			Match:       credPrefixed(TokenOpts{Min: 32, Max: 34, Body: credHexDash, MinEntropy: 3.0, Validate: databricksToken}, "dapi"),
		},
		{
			ID: "netlify-pat", Type: "NETLIFY_TOKEN", Category: Secret,
			Description: "Netlify personal access token, nfp_ + 36 characters",
			Keywords:    []string{"nfp_"},
			Match:       credPrefixed(TokenOpts{Min: 36, Max: 40, Body: credNetlify, MinEntropy: 3.5}, "nfp_"),
		},
		{
			ID: "netlify-token-legacy", Type: "NETLIFY_TOKEN", Category: Secret,
			Description: "legacy 40 to 46-character Netlify token assigned to NETLIFY_AUTH_TOKEN or similar",
			Keywords:    []string{"netlify_auth_token", "netlify_token", "netlify_api_token", "netlify_access_token"},
			Match:       credValue(40, 46, Base64URL, 3.5, nil),
			Heuristic:   true,
		},
		{
			ID: "tailscale-key", Type: "TAILSCALE_KEY", Category: Secret,
			Description: "Tailscale API, auth, OAuth client, SCIM or webhook key, tskey-<kind>-<id>-<secret>",
			Keywords:    []string{"tskey-"},
			Match:       credPrefixed(TokenOpts{Min: 30, Max: 120, Body: credTailscale, Validate: tailscaleKey}, "tskey-"),
		},
		{
			ID: "openshift-user-token", Type: "OPENSHIFT_TOKEN", Category: Secret,
			Description: "OpenShift OAuth user token, sha256~ + 43 base64url",
			Keywords:    []string{"sha256~"},
			Match:       credPrefixed(TokenOpts{Min: 43, Body: Base64URL, MinEntropy: 3.5}, "sha256~"),
		},
		{
			ID: "scaleway-secret-key", Type: "SCALEWAY_SECRET_KEY", Category: Secret,
			Description: "UUID Scaleway secret key assigned to SCW_SECRET_KEY or similar",
			Keywords:    []string{"scw_secret_key", "scaleway_secret_key", "scaleway_api_key"},
			Match:       credValue(36, 36, credUUIDChars, 3.0, IsUUID),
			Heuristic:   true,
		},
		{
			ID: "railway-token", Type: "RAILWAY_TOKEN", Category: Secret,
			Description: "UUID Railway API token assigned to RAILWAY_TOKEN or RAILWAY_API_TOKEN",
			Keywords:    []string{"railway_token", "railway_api_token"},
			Match:       credValue(36, 36, credUUIDChars, 3.0, IsUUID),
			Heuristic:   true,
		},
		{
			ID: "vultr-api-key", Type: "VULTR_API_KEY", Category: Secret,
			Description: "36-character Vultr API key assigned to VULTR_API_KEY or similar",
			Keywords:    []string{"vultr_api_key", "vultr_key", "vultr_token"},
			Match:       credValue(36, 36, UpperAlNum, 3.5, nil),
			Heuristic:   true,
		},
	}
}

// databricksToken reports whether tok is dapi + 32 hex, optionally followed by - and a digit.
func databricksToken(tok []byte) bool {
	b := tok[len("dapi"):]
	if len(b) == 34 {
		if b[32] != '-' || !Digits.Has(b[33]) {
			return false
		}
		b = b[:32]
	}
	return len(b) == 32 && credAll(b, &credHex) && !credAll(b, &Digits)
}
