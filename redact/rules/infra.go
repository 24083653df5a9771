package rules

var (
	infLowerB32   = NewSet("a-z2-7")
	infB64Pad     = Base64.Union(NewSet("="))
	infB64uPad    = Base64URL.Union(NewSet("="))
	infB64uDot    = Base64URL.Union(NewSet("."))
	infAlnumDot   = NewSet("0-9A-Za-z._-")
	infAsanaChars = NewSet("0-9A-Za-z/:")
	infUuidChars  = NewSet("0-9a-fA-F-")
	infWordDot    = Word.Union(NewSet("."))
)

// infNpmChecksum validates the CRC-32 checksum of an npm_ token.
func infNpmChecksum(t []byte) bool { return genChecksumCRC32Base62(t[4:]) }

// infSepShape validates tok[skip:] as parts separated by sep, part i being lens[i] bytes of
// sets[i].
func infSepShape(skip int, sep byte, lens []int, sets []*Set) func([]byte) bool {
	return func(tok []byte) bool {
		return genSegments(tok[skip:], sep, len(lens), len(lens), func(i, n int, p []byte) bool {
			return genInLen(p, sets[i], lens[i], lens[i])
		})
	}
}

// infRegistryBasicAuth returns a Matcher for a base64 "user:password" credential that follows a
// registry config key: `"auth": "…"` in a Docker config.json, `_auth=…` in an .npmrc.
func infRegistryBasicAuth(text []byte, kw, kwEnd int) (int, int, bool) {
	i := kwEnd
	for n := 0; i < len(text) && n < 6 && (text[i] == ' ' || text[i] == ':' || text[i] == '"' || text[i] == '='); n++ {
		i++
	}
	if i == kwEnd && text[kwEnd-1] != '=' {
		return 0, 0, false
	}
	e := Span(text, i, &infB64Pad, 1024)
	if e-i < 8 || !BoundaryAfter(text, e, &infB64Pad) || !genBasicCredential(text[i:e]) {
		return 0, 0, false
	}
	return i, e, true
}

// infTerraformToken matches <14 base62>.atlasv1.<60-70 base64url> at the ".atlasv1." keyword.
func infTerraformToken(text []byte, kw, kwEnd int) (int, int, bool) {
	if kw < 14 || !genAllIn(text[kw-14:kw], &AlNum) || !BoundaryBefore(text, kw-14, &Word) {
		return 0, 0, false
	}
	e := Span(text, kwEnd, &Base64URL, 71)
	if e-kwEnd < 60 || e-kwEnd > 70 || !BoundaryAfter(text, e, &Base64URL) || Entropy(text[kwEnd:e]) < 3.5 {
		return 0, 0, false
	}
	return kw - 14, e, true
}

// infNewRelicLicense matches <32 hex>FFFFNRAL (or eu01xx<26 hex>FFFFNRAL) at the suffix.
func infNewRelicLicense(text []byte, kw, kwEnd int) (int, int, bool) {
	if !genHasPrefixAt(text, kw, "FFFFNRAL") || kw < 32 || !BoundaryAfter(text, kwEnd, &AlNum) {
		return 0, 0, false
	}
	s := kw - 32
	body := text[s:kw]
	if !BoundaryBefore(text, s, &AlNum) {
		return 0, 0, false
	}
	if genHasPrefixAt(body, 0, "eu01xx") {
		body = body[6:]
	}
	if !genAllIn(body, &HexAny) || LooksPlaceholder(body) || Entropy(body) < 3.0 {
		return 0, 0, false
	}
	return s, kwEnd, true
}

// infAsanaPAT validates 1/<digits>[/<digits>]:<32+ base62>.
func infAsanaPAT(v []byte) bool {
	if len(v) < 36 || (v[0] != '1' && v[0] != '2') || v[1] != '/' {
		return false
	}
	return genSegments(v[2:], ':', 2, 2, func(i, n int, p []byte) bool {
		if i == 0 {
			return genSegments(p, '/', 1, 2, func(_, _ int, d []byte) bool { return genDigitsLen(d, 6, 20) })
		}
		return genInLen(p, &AlNum, 32, 64)
	})
}

// infra returns the rules for package registries, developer platforms and SaaS (npm, PyPI, Docker Hub, Terraform, Vault, Datadog, …).
func infra() []Rule {
	tok := func(id, typ, desc, prefix string, o TokenOpts) Rule {
		return Rule{ID: id, Type: typ, Category: Secret, Description: desc, Keywords: []string{prefix}, Match: Token(prefix, o)}
	}
	keyed := func(id, typ, desc string, kws []string, o genKeyedOpts) Rule {
		return Rule{ID: id, Type: typ, Category: Secret, Description: desc, Keywords: kws, Match: genKeyedValue(o), Heuristic: true}
	}
	return []Rule{
		tok("npm-access-token", "NPM_TOKEN", "npm access token npm_ with its CRC-32 checksum validated", "npm_",
			TokenOpts{Min: 36, Body: AlNum, Validate: infNpmChecksum}),
		{ID: "npmrc-auth", Type: "NPM_TOKEN", Category: Secret,
			Description: ".npmrc _auth= base64 user:password", Keywords: []string{"_auth="}, Match: infRegistryBasicAuth},
		tok("pypi-upload-token", "PYPI_TOKEN", "PyPI API token (macaroon for pypi.org)", "pypi-AgEIcHlwaS5vcmc",
			TokenOpts{Min: 50, Max: 400, Body: Base64URL}),
		tok("testpypi-upload-token", "PYPI_TOKEN", "TestPyPI API token (macaroon for test.pypi.org)", "pypi-AgENdGVzdC5weXBpLm9yZw",
			TokenOpts{Min: 70, Max: 400, Body: Base64URL}),
		tok("rubygems-api-key", "RUBYGEMS_KEY", "RubyGems API key rubygems_", "rubygems_",
			TokenOpts{Min: 48, Body: Hex}),
		tok("nuget-api-key", "NUGET_KEY", "nuget.org API key oy2 + 43 base32", "oy2",
			TokenOpts{Min: 43, Body: infLowerB32, MinEntropy: 3.5}),
		tok("clojars-deploy-token", "CLOJARS_TOKEN", "Clojars deploy token CLOJARS_", "CLOJARS_",
			TokenOpts{Min: 60, Body: AlNum}),
		tok("dockerhub-pat", "DOCKER_HUB_TOKEN", "Docker Hub personal access token dckr_pat_", "dckr_pat_",
			TokenOpts{Min: 27, Max: 40, Body: Base64URL, MinEntropy: 3.5}),
		tok("dockerhub-oat", "DOCKER_HUB_TOKEN", "Docker Hub organization access token dckr_oat_", "dckr_oat_",
			TokenOpts{Min: 27, Max: 40, Body: Base64URL, MinEntropy: 3.5}),
		{ID: "docker-config-auth", Type: "DOCKER_AUTH", Category: Secret,
			Description: `Docker config.json "auth" value (base64 user:password)`, Keywords: []string{`"auth"`}, Match: infRegistryBasicAuth},
		{ID: "terraform-cloud-token", Type: "TERRAFORM_TOKEN", Category: Secret,
			Description: "HCP Terraform / Terraform Cloud / Vagrant Cloud token …atlasv1…", Keywords: []string{".atlasv1."}, Match: infTerraformToken},
		tok("vault-service-token", "VAULT_TOKEN", "HashiCorp Vault service token hvs.", "hvs.",
			TokenOpts{Min: 24, Max: 256, Body: Base64URL, MinEntropy: 3.5}),
		tok("vault-batch-token", "VAULT_TOKEN", "HashiCorp Vault batch token hvb.", "hvb.",
			TokenOpts{Min: 100, Max: 400, Body: Base64URL, MinEntropy: 3.5}),
		keyed("vault-legacy-token", "VAULT_TOKEN", "legacy HashiCorp Vault token s.<24> under VAULT_TOKEN or X-Vault-Token",
			[]string{"vault_token", "x-vault-token", "vault-token"},
			genKeyedOpts{chars: infAlnumDot, min: 26, validate: func(v []byte) bool {
				return genHasPrefixAt(v, 0, "s.") && genAllIn(v[2:], &AlNum) && Entropy(v[2:]) >= 3.5
			}}),
		{ID: "doppler-token", Type: "DOPPLER_TOKEN", Category: Secret,
			Description: "Doppler personal, service, CLI, service-account, SCIM and audit tokens dp.*.",
			Keywords:    []string{"dp.pt.", "dp.st.", "dp.ct.", "dp.sa.", "dp.scim.", "dp.audit."},
			Match: genTokenAny([]string{"dp.pt.", "dp.st.", "dp.ct.", "dp.sa.", "dp.scim.", "dp.audit."},
				TokenOpts{Min: 40, Max: 100, Body: infAlnumDot, Validate: func(t []byte) bool {
					last := t
					for i := len(t) - 1; i >= 0; i-- {
						if t[i] == '.' {
							last = t[i+1:]
							break
						}
					}
					return genInLen(last, &AlNum, 40, 44)
				}})},
		tok("shopify-access-token", "SHOPIFY_TOKEN", "Shopify Admin API access token shpat_", "shpat_", TokenOpts{Min: 32, Body: HexAny}),
		tok("shopify-custom-app-token", "SHOPIFY_TOKEN", "Shopify custom app access token shpca_", "shpca_", TokenOpts{Min: 32, Body: HexAny}),
		tok("shopify-private-app-token", "SHOPIFY_TOKEN", "Shopify private app password shppa_", "shppa_", TokenOpts{Min: 32, Body: HexAny}),
		tok("shopify-shared-secret", "SHOPIFY_TOKEN", "Shopify app shared secret shpss_", "shpss_", TokenOpts{Min: 32, Body: HexAny}),
		tok("atlassian-api-token", "ATLASSIAN_TOKEN", "Atlassian (Jira/Confluence Cloud) API token ATATT3", "ATATT3",
			TokenOpts{Min: 150, Max: 250, Body: infB64uPad, MinEntropy: 4.0}),
		tok("linear-api-key", "LINEAR_KEY", "Linear API key lin_api_", "lin_api_", TokenOpts{Min: 40, Body: AlNum}),
		tok("notion-token", "NOTION_TOKEN", "Notion integration token ntn_", "ntn_",
			TokenOpts{Min: 46, Body: AlNum, Validate: func(t []byte) bool { return genAllIn(t[4:15], &Digits) }}),
		keyed("notion-legacy-token", "NOTION_TOKEN", "legacy Notion integration token secret_<43> under a notion key",
			[]string{"notion"}, genKeyedOpts{chars: Word, min: 50, validate: func(v []byte) bool {
				return genHasPrefixAt(v, 0, "secret_") && genAllIn(v[7:], &AlNum)
			}}),
		tok("postman-api-key", "POSTMAN_KEY", "Postman API key PMAK-<24 hex>-<34 hex>", "PMAK-",
			TokenOpts{Min: 59, Body: NewSet("0-9a-fA-F-"), Validate: infSepShape(5, '-', []int{24, 34}, []*Set{&HexAny, &HexAny})}),
		tok("sentry-user-token", "SENTRY_TOKEN", "Sentry user auth token sntryu_", "sntryu_", TokenOpts{Min: 64, Body: Hex}),
		tok("sentry-org-token", "SENTRY_TOKEN", "Sentry organization auth token sntrys_eyJ…", "sntrys_",
			TokenOpts{Min: 80, Max: 500, Body: Base64.Union(NewSet("=_")), Validate: func(t []byte) bool { return genHasPrefixAt(t, 7, "eyJpYXQiO") }}),
		tok("grafana-cloud-token", "GRAFANA_TOKEN", "Grafana Cloud access policy token glc_", "glc_",
			TokenOpts{Min: 32, Max: 400, Body: infB64Pad, Validate: func(t []byte) bool { return genHasPrefixAt(t, 4, "eyJ") }}),
		tok("grafana-service-account-token", "GRAFANA_TOKEN", "Grafana service account token glsa_<32>_<8 hex>", "glsa_",
			TokenOpts{Min: 41, Body: Word, Validate: infSepShape(5, '_', []int{32, 8}, []*Set{&AlNum, &HexAny})}),
		tok("grafana-api-key", "GRAFANA_TOKEN", "legacy Grafana API key (base64 JSON {\"k\":…)", "eyJrIjoi",
			TokenOpts{Min: 62, Max: 400, Body: infB64Pad, Before: &infWordDot, Validate: func(t []byte) bool { return genB64JSONObject(infTrimPad(t)) }}),
		tok("newrelic-user-key", "NEW_RELIC_KEY", "New Relic user API key NRAK-", "NRAK-", TokenOpts{Min: 27, Body: UpperAlNum}),
		{ID: "newrelic-insights-key", Type: "NEW_RELIC_KEY", Category: Secret,
			Description: "New Relic Insights insert/query key NRII-/NRIQ-", Keywords: []string{"NRII-", "NRIQ-"},
			Match: genTokenAny([]string{"NRII-", "NRIQ-"}, TokenOpts{Min: 25, Max: 32, Body: Base64URL, MinEntropy: 3.5})},
		tok("newrelic-browser-key", "NEW_RELIC_KEY", "New Relic browser key NRJS-", "NRJS-", TokenOpts{Min: 19, Body: Hex}),
		{ID: "newrelic-license-key", Type: "NEW_RELIC_KEY", Category: Secret,
			Description: "New Relic license (ingest) key ending FFFFNRAL", Keywords: []string{"FFFFNRAL"}, Match: infNewRelicLicense},
		keyed("datadog-api-key", "DATADOG_KEY", "Datadog API key (32 hex) under DD_API_KEY / DD-API-KEY",
			[]string{"dd_api_key", "dd-api-key", "datadog_api_key", "datadog-api-key", "ddapikey"},
			genKeyedOpts{chars: HexAny, min: 32, minEntropy: 3.0}),
		keyed("datadog-app-key", "DATADOG_KEY", "Datadog application key (40 hex) under DD_APP_KEY / DD-APPLICATION-KEY",
			[]string{"dd_app_key", "dd-app-key", "dd_application_key", "dd-application-key", "datadog_app_key", "ddappkey"},
			genKeyedOpts{chars: HexAny, min: 40, minEntropy: 3.0}),
		tok("planetscale-password", "PLANETSCALE_TOKEN", "PlanetScale database password pscale_pw_", "pscale_pw_",
			TokenOpts{Min: 32, Max: 64, Body: Base64URL, MinEntropy: 3.5}),
		tok("planetscale-api-token", "PLANETSCALE_TOKEN", "PlanetScale API token pscale_tkn_", "pscale_tkn_",
			TokenOpts{Min: 32, Max: 64, Body: Base64URL, MinEntropy: 3.5}),
		tok("planetscale-oauth-token", "PLANETSCALE_TOKEN", "PlanetScale OAuth token pscale_oauth_", "pscale_oauth_",
			TokenOpts{Min: 32, Max: 64, Body: Base64URL, MinEntropy: 3.5}),
		tok("age-secret-key", "AGE_KEY", "age X25519 secret key AGE-SECRET-KEY-1 with its bech32 checksum validated", "AGE-SECRET-KEY-1",
			TokenOpts{Min: 58, Body: UpperAlNum, Validate: genBech32Valid}),
		keyed("snyk-token", "SNYK_TOKEN", "Snyk API token (UUID) under SNYK_TOKEN", []string{"snyk"},
			genKeyedOpts{need: []string{"token", "key"}, chars: infUuidChars, min: 36, validate: IsUUID}),
		{ID: "sonarqube-token", Type: "SONAR_TOKEN", Category: Secret,
			Description: "SonarQube / SonarCloud user, project and analysis tokens squ_/sqp_/sqa_", Keywords: []string{"squ_", "sqp_", "sqa_"},
			Match: genTokenAny([]string{"squ_", "sqp_", "sqa_"}, TokenOpts{Min: 40, Body: AlNum, MinEntropy: 3.0})},
		tok("jfrog-api-key", "JFROG_TOKEN", "JFrog Artifactory API key AKCp", "AKCp", TokenOpts{Min: 69, Body: AlNum}),
		tok("jfrog-reference-token", "JFROG_TOKEN", "JFrog reference token (base64 of reftkn)", "cmVmdGtu", TokenOpts{Min: 56, Body: AlNum}),
		tok("circleci-token", "CIRCLECI_TOKEN", "CircleCI personal API token CCIPAT_", "CCIPAT_",
			TokenOpts{Min: 63, Body: Word, Validate: infSepShape(7, '_', []int{22, 40}, []*Set{&AlNum, &HexAny})}),
		tok("buildkite-token", "BUILDKITE_TOKEN", "Buildkite API access token bkua_", "bkua_", TokenOpts{Min: 40, Body: LowerAlNum}),
		tok("pulumi-token", "PULUMI_TOKEN", "Pulumi access token pul-", "pul-", TokenOpts{Min: 40, Body: Hex}),
		keyed("fastly-api-token", "FASTLY_TOKEN", "Fastly API token (32 base64url) under a fastly key", []string{"fastly"},
			genKeyedOpts{need: []string{"token", "key"}, chars: Base64URL, min: 32, minEntropy: 3.5}),
		keyed("okta-api-token", "OKTA_TOKEN", "Okta API token 00<40> under an okta key", []string{"okta"},
			genKeyedOpts{need: []string{"token", "key"}, chars: Base64URL, min: 42, validate: func(v []byte) bool { return genHasPrefixAt(v, 0, "00") }}),
		keyed("auth0-client-secret", "AUTH0_SECRET", "Auth0 client secret (64 base64url) under an auth0 secret key", []string{"auth0"},
			genKeyedOpts{need: []string{"secret"}, chars: Base64URL, min: 64, minEntropy: 4.0}),
		keyed("twitch-token", "TWITCH_TOKEN", "Twitch API token or client secret (30 base36) under a twitch key", []string{"twitch"},
			genKeyedOpts{need: []string{"token", "secret"}, chars: LowerAlNum, min: 30, minEntropy: 3.5}),
		tok("dropbox-short-lived-token", "DROPBOX_TOKEN", "Dropbox short-lived access token sl.", "sl.",
			TokenOpts{Min: 130, Max: 1400, Body: infB64uDot, MinEntropy: 4.0, Before: &infWordDot}),
		keyed("dropbox-long-lived-token", "DROPBOX_TOKEN", "legacy long-lived Dropbox token under a dropbox key", []string{"dropbox"},
			genKeyedOpts{chars: Base64URL, min: 64, validate: func(v []byte) bool { return genHasPrefixAt(v, 11, "AAAAAAAAAA") }}),
		keyed("asana-pat", "ASANA_TOKEN", "Asana personal access token 1/<id>:<secret> under an asana key", []string{"asana"},
			genKeyedOpts{chars: infAsanaChars, min: 36, max: 100, validate: infAsanaPAT}),
		tok("airtable-pat", "AIRTABLE_TOKEN", "Airtable personal access token pat<14>.<64 hex>", "pat",
			TokenOpts{Min: 79, Body: infAlnumDot, Validate: infSepShape(3, '.', []int{14, 64}, []*Set{&AlNum, &Hex})}),
		tok("figma-pat", "FIGMA_TOKEN", "Figma personal access token figd_", "figd_", TokenOpts{Min: 36, Max: 50, Body: Base64URL, MinEntropy: 3.5}),
		tok("contentful-pat", "CONTENTFUL_TOKEN", "Contentful management token CFPAT-", "CFPAT-", TokenOpts{Min: 43, Body: Base64URL, MinEntropy: 3.5}),
		keyed("algolia-admin-key", "ALGOLIA_KEY", "Algolia admin/write API key (32 hex) under an algolia admin or api key", []string{"algolia"},
			genKeyedOpts{need: []string{"admin", "write", "api_key", "apikey", "api-key", "secret"}, chars: AlNum, min: 32, minEntropy: 3.2}),
		tok("mapbox-secret-token", "MAPBOX_TOKEN", "Mapbox secret token sk.eyJ…", "sk.eyJ",
			TokenOpts{Min: 60, Max: 300, Body: infB64uDot, Before: &infWordDot, Validate: func(t []byte) bool { return genContainsByte(t[6:], ".") }}),
		tok("onepassword-service-token", "ONEPASSWORD_TOKEN", "1Password service account token ops_eyJ…", "ops_eyJ",
			TokenOpts{Min: 250, Max: 4000, Body: infB64Pad}),
		{ID: "harness-token", Type: "HARNESS_TOKEN", Category: Secret,
			Description: "Harness personal or service account token pat./sat.", Keywords: []string{"pat.", "sat."},
			Match: genTokenAny([]string{"pat.", "sat."}, TokenOpts{Min: 68, Body: infAlnumDot,
				Validate: infSepShape(4, '.', []int{22, 24, 20}, []*Set{&Base64URL, &AlNum, &AlNum})})},
		tok("prefect-api-key", "PREFECT_KEY", "Prefect API key pnu_", "pnu_", TokenOpts{Min: 36, Body: AlNum}),
		tok("infracost-api-key", "INFRACOST_KEY", "Infracost API key ico-", "ico-", TokenOpts{Min: 32, Body: AlNum, MinEntropy: 3.5}),
		tok("scalingo-api-token", "SCALINGO_TOKEN", "Scalingo API token tk-us-", "tk-us-", TokenOpts{Min: 48, Body: Base64URL}),
		tok("dynatrace-token", "DYNATRACE_TOKEN", "Dynatrace API token dt0c01.<24>.<64>", "dt0c01.",
			TokenOpts{Min: 89, Body: infAlnumDot, Validate: infSepShape(7, '.', []int{24, 64}, []*Set{&UpperAlNum, &UpperAlNum})}),
		tok("posthog-personal-key", "POSTHOG_KEY", "PostHog personal API key phx_", "phx_", TokenOpts{Min: 43, Max: 48, Body: Word, MinEntropy: 3.5}),
		tok("typeform-token", "TYPEFORM_TOKEN", "Typeform personal token tfp_", "tfp_", TokenOpts{Min: 40, Max: 59, Body: infB64uPad.Union(NewSet(".")), MinEntropy: 3.5}),
		tok("readme-api-key", "README_KEY", "ReadMe API key rdme_", "rdme_", TokenOpts{Min: 70, Body: LowerAlNum}),
		{ID: "deno-deploy-token", Type: "DENO_TOKEN", Category: Secret,
			Description: "Deno Deploy access token ddp_/ddw_", Keywords: []string{"ddp_", "ddw_"},
			Match: genTokenAny([]string{"ddp_", "ddw_"}, TokenOpts{Min: 36, Body: AlNum, MinEntropy: 3.5})},
		tok("octopus-api-key", "OCTOPUS_KEY", "Octopus Deploy API key API-<26>", "API-",
			TokenOpts{Min: 26, Body: UpperAlNum, MinEntropy: 3.5, Validate: func(t []byte) bool { return genHasDigit(t[4:]) && genHasLetter(t[4:]) }}),
	}
}

// infTrimPad drops trailing '=' padding.
func infTrimPad(t []byte) []byte {
	for len(t) > 0 && t[len(t)-1] == '=' {
		t = t[:len(t)-1]
	}
	return t
}
