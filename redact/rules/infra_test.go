package rules_test

import (
	"encoding/base64"
	"hash/crc32"
	"strings"
)

// mgiNPM returns an npm_ token whose last six characters are the valid CRC-32 checksum of
// the 30 random ones (base62, digits then upper then lower case, left-padded with '0').
func mgiNPM(seed string) string {
	body := mgiTok(seed, 30, mgiAlnum)
	sum := crc32.ChecksumIEEE([]byte(body))
	var c [6]byte
	for i := 5; i >= 0; i-- {
		c[i] = mgiAlnum[sum%62]
		sum /= 62
	}
	return "npm_" + body + string(c[:])
}

// mgiAge returns an age secret key: bech32 with human-readable part "age-secret-key-" over
// 52 random 5-bit groups, upper-cased as age writes it.
func mgiAge(seed string) string {
	const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	hrp := "age-secret-key-"
	r := mgiRand(seed)
	data := make([]int, 52)
	for i := range data {
		data[i] = r.IntN(32)
	}
	gen := []uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	step := func(v uint32) {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ v
		for i := 0; i < 5; i++ {
			if (top>>uint(i))&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	for _, c := range hrp {
		step(uint32(c) >> 5)
	}
	step(0)
	for _, c := range hrp {
		step(uint32(c) & 31)
	}
	for _, d := range data {
		step(uint32(d))
	}
	for i := 0; i < 6; i++ {
		step(0)
	}
	chk ^= 1
	var b strings.Builder
	b.WriteString(hrp + "1")
	for _, d := range data {
		b.WriteByte(charset[d])
	}
	for i := 0; i < 6; i++ {
		b.WriteByte(charset[(chk>>uint(5*(5-i)))&31])
	}
	return strings.ToUpper(b.String())
}

// mgiFlip changes the last character of a token, breaking its checksum.
func mgiFlip(s string) string {
	c := s[len(s)-1]
	if c == 'A' {
		c = 'B'
	} else {
		c = 'A'
	}
	return s[:len(s)-1] + string(c)
}

// mgiPrefixed builds the usual proof of a prefixed token: an env line and a JSON value must
// match; the token glued to an identifier, a shortened body and an all-x body must not.
func mgiPrefixed(prefix, body string, fps ...string) examples {
	tok := prefix + body
	return examples{
		tp: []string{"TOKEN=" + mgiMark(tok), `{"token": "` + mgiMark(tok) + `"}`},
		fp: append([]string{"x" + tok, prefix + body[:len(body)/4], prefix + strings.Repeat("x", len(body))}, fps...),
	}
}

var (
	npmTok       = mgiNPM("npm")
	ageKey       = mgiAge("age")
	sentryOrg    = "sntrys_" + base64.RawStdEncoding.EncodeToString([]byte(`{"iat":1717000000.0,"url":"https://sentry.io","region_url":"https://us.sentry.io","org":"acme"}`)) + "_" + mgiTok("sntrys", 43, mgiB64)
	grafanaCloud = "glc_" + base64.StdEncoding.EncodeToString([]byte(`{"o":"1234","n":"stack-5678-hm-read","k":"`+mgiTok("glc", 24, mgiAlnum)+`","m":{"r":"prod-us-east-0"}}`))
	grafanaOld   = base64.StdEncoding.EncodeToString([]byte(`{"k":"` + mgiTok("gk", 32, mgiAlnum) + `","n":"ci","id":1}`))
	mapboxTok    = "sk." + base64.RawURLEncoding.EncodeToString([]byte(`{"u":"acme","a":"`+mgiTok("mbx", 20, mgiAlnum)+`"}`)) + "." + mgiTok("mbx2", 22, mgiB64u)
	opsTok       = "ops_" + base64.StdEncoding.EncodeToString([]byte(`{"signInAddress":"acme.1password.com","userAuth":{"method":"SRPg-4096","alg":"PBES2g-HS256","iterations":650000,"salt":"`+mgiTok("ops", 22, mgiB64u)+`"},"email":"svc@acme.test","srpX":"`+mgiTok("ops2", 64, mgiHex)+`","muk":{"alg":"A256GCM","ext":true,"k":"`+mgiTok("ops3", 43, mgiB64u)+`"}}`))
	tfTok        = mgiTok("tf1", 14, mgiAlnum) + ".atlasv1." + mgiTok("tf2", 67, mgiB64u)
	dropboxSL    = "sl." + mgiTok("dbx", 140, mgiB64u)
	dropboxLong  = mgiTok("dbl", 11, mgiAlnum) + "AAAAAAAAAA" + mgiTok("dbl2", 43, mgiB64u)
	dockerAuth   = base64.StdEncoding.EncodeToString([]byte("ci-bot:" + "dckr_pat_" + mgiTok("dauth", 27, mgiB64u)))
	nrLicense    = mgiTok("nrl", 32, mgiHex) + "FFFFNRAL"
)

// infraExamples are the true and false positives of the rules in infra.go.
var infraExamples = map[string]examples{
	"npm-access-token": {
		tp: []string{"//registry.npmjs.org/:_authToken=" + mgiMark(npmTok), "NPM_TOKEN=" + mgiMark(npmTok)},
		fp: []string{mgiFlip(npmTok), "npm_" + mgiTok("npm", 36, mgiAlnum), "npm_config_registry=https://registry.npmjs.org", "npm_" + strings.Repeat("x", 36)},
	},
	"npmrc-auth": {
		tp: []string{"_auth=" + mgiMark(mgiBasic("ci", "N9m-"+mgiTok("npmauth", 12, mgiAlnum)))},
		fp: []string{"_auth=${NPM_AUTH}", "_auth=" + base64.StdEncoding.EncodeToString([]byte("no-colon-here"))},
	},
	"pypi-upload-token":     mgiPrefixed("pypi-AgEIcHlwaS5vcmc", mgiTok("pypi", 150, mgiB64u)),
	"testpypi-upload-token": mgiPrefixed("pypi-AgENdGVzdC5weXBpLm9yZw", mgiTok("tpypi", 150, mgiB64u)),
	"rubygems-api-key":      mgiPrefixed("rubygems_", mgiTok("gem", 48, mgiHex)),
	"nuget-api-key":         mgiPrefixed("oy2", mgiTok("nuget", 43, "abcdefghijklmnopqrstuvwxyz234567"), "joy2"+mgiTok("nuget", 43, "abcdefghijklmnopqrstuvwxyz234567")),
	"clojars-deploy-token":  mgiPrefixed("CLOJARS_", mgiTok("clj", 60, mgiAlnum)),
	"dockerhub-pat":         mgiPrefixed("dckr_pat_", mgiTok("dpat", 27, mgiB64u)),
	"dockerhub-oat":         mgiPrefixed("dckr_oat_", mgiTok("doat", 32, mgiB64u)),
	"docker-config-auth": {
		tp: []string{`{"auths": {"registry.acme.test": {"auth": "` + mgiMark(dockerAuth) + `"}}}`},
		fp: []string{`{"auths": {"ghcr.io": {"auth": ""}}, "credsStore": "desktop"}`, `"auth": "` + base64.StdEncoding.EncodeToString([]byte("just-a-user")) + `"`},
	},
	"terraform-cloud-token": {
		tp: []string{`credentials "app.terraform.io" { token = "` + mgiMark(tfTok) + `" }`},
		fp: []string{"the .atlasv1. infix marks Terraform tokens", "x" + tfTok, mgiTok("tf1", 14, mgiAlnum) + ".atlasv1.short"},
	},
	"vault-service-token": mgiPrefixed("hvs.", mgiTok("hvs", 91, mgiB64u)),
	"vault-batch-token":   mgiPrefixed("hvb.", mgiTok("hvb", 150, mgiB64u)),
	"vault-legacy-token": {
		tp: []string{"VAULT_TOKEN=" + mgiMark("s."+mgiTok("vlt", 24, mgiAlnum)), "X-Vault-Token: " + mgiMark("s."+mgiTok("vlt2", 24, mgiAlnum))},
		fp: []string{"VAULT_TOKEN=${VAULT_TOKEN}", "VAULT_ADDR=https://vault:8200", "vault token s.aaaaaaaaaaaaaaaaaaaaaaaa"},
	},
	"doppler-token": {
		tp: []string{"DOPPLER_TOKEN=" + mgiMark("dp.st.prd."+mgiTok("dpl", 43, mgiAlnum)), "token " + mgiMark("dp.pt."+mgiTok("dpl2", 43, mgiAlnum))},
		fp: []string{"dp.st.prd.short", "dp.pt." + strings.Repeat("x", 43)},
	},
	"shopify-access-token":      mgiPrefixed("shpat_", mgiTok("shpat", 32, mgiHex)),
	"shopify-custom-app-token":  mgiPrefixed("shpca_", mgiTok("shpca", 32, mgiHex)),
	"shopify-private-app-token": mgiPrefixed("shppa_", mgiTok("shppa", 32, mgiHex)),
	"shopify-shared-secret":     mgiPrefixed("shpss_", mgiTok("shpss", 32, mgiHex)),
	"atlassian-api-token":       mgiPrefixed("ATATT3", mgiTok("atl", 178, mgiB64u)+"="+mgiTok("atl2", 8, mgiHEX)),
	"linear-api-key":            mgiPrefixed("lin_api_", mgiTok("lin", 40, mgiAlnum)),
	"notion-token":              mgiPrefixed("ntn_", mgiTok("ntn", 11, mgiDigits)+mgiTok("ntn2", 35, mgiAlnum), "ntn_"+mgiTok("ntn3", 46, "abcdefghij")),
	"notion-legacy-token": {
		tp: []string{"NOTION_API_KEY=" + mgiMark("secret_"+mgiTok("notion", 43, mgiAlnum)), `notion_token: "` + mgiMark("secret_"+mgiTok("notion2", 43, mgiAlnum)) + `"`},
		fp: []string{"NOTION_PAGE_ID=" + mgiTok("npage", 32, mgiHex), "NOTION_API_KEY=secret_" + mgiTok("notion", 20, mgiAlnum)},
	},
	"postman-api-key":               mgiPrefixed("PMAK-", mgiTok("pm1", 24, mgiHex)+"-"+mgiTok("pm2", 34, mgiHex)),
	"sentry-user-token":             mgiPrefixed("sntryu_", mgiTok("sntryu", 64, mgiHex)),
	"grafana-service-account-token": mgiPrefixed("glsa_", mgiTok("glsa", 32, mgiAlnum)+"_"+mgiTok("glsa2", 8, mgiHex)),
	"sentry-org-token": {
		tp: []string{"SENTRY_AUTH_TOKEN=" + mgiMark(sentryOrg)},
		fp: []string{"sntrys_" + mgiTok("sntrys", 100, mgiB64), "sntrys_eyJpYXQiOjE3"},
	},
	"grafana-cloud-token": {
		tp: []string{"GRAFANA_CLOUD_TOKEN=" + mgiMark(grafanaCloud)},
		fp: []string{"glc_" + mgiTok("glc", 60, mgiB64), "glc_eyJ"},
	},
	"grafana-api-key": {
		tp: []string{"Authorization: Bearer " + mgiMark(grafanaOld)},
		fp: []string{"eyJrIjoi" + mgiTok("gk", 70, "!#"), "x" + grafanaOld},
	},
	"newrelic-user-key": mgiPrefixed("NRAK-", mgiTok("nrak", 27, mgiUpper)),
	"newrelic-insights-key": {
		tp: []string{"X-Insert-Key: " + mgiMark("NRII-"+mgiTok("nrii", 32, mgiB64u)), "query key " + mgiMark("NRIQ-"+mgiTok("nriq", 32, mgiB64u))},
		fp: []string{"NRII-short", "NRII-" + strings.Repeat("x", 32)},
	},
	"newrelic-browser-key": mgiPrefixed("NRJS-", mgiTok("nrjs", 19, mgiHex)),
	"newrelic-license-key": {
		tp: []string{"NEW_RELIC_LICENSE_KEY=" + mgiMark(nrLicense), "license_key: " + mgiMark("eu01xx"+mgiTok("nreu", 26, mgiHex)+"FFFFNRAL")},
		fp: []string{"FFFFNRAL", mgiTok("nrl", 20, mgiHex) + "FFFFNRAL", "x" + nrLicense},
	},
	"datadog-api-key": {
		tp: []string{"DD_API_KEY=" + mgiMark(mgiTok("dd", 32, mgiHex)), `curl -H "DD-API-KEY: ` + mgiMark(mgiTok("dd2", 32, mgiHex)) + `"`},
		fp: []string{"DD_API_KEY=${DD_API_KEY}", "DD_SITE=datadoghq.eu", "DD_API_KEY=" + mgiTok("dd", 40, mgiHex)},
	},
	"datadog-app-key": {
		tp: []string{"DD_APP_KEY=" + mgiMark(mgiTok("ddapp", 40, mgiHex)), "DD-APPLICATION-KEY: " + mgiMark(mgiTok("ddapp2", 40, mgiHex))},
		fp: []string{"DD_APP_KEY=" + mgiTok("ddapp", 32, mgiHex), "DD_APP_KEY=<app-key>"},
	},
	"planetscale-password":    mgiPrefixed("pscale_pw_", mgiTok("psp", 43, mgiB64u)),
	"planetscale-api-token":   mgiPrefixed("pscale_tkn_", mgiTok("pst", 43, mgiB64u)),
	"planetscale-oauth-token": mgiPrefixed("pscale_oauth_", mgiTok("pso", 43, mgiB64u)),
	"age-secret-key": {
		tp: []string{"# created: 2024-05-01\n" + mgiMark(ageKey), "SOPS_AGE_KEY=" + mgiMark(ageKey)},
		fp: []string{mgiFlip(ageKey), "AGE-SECRET-KEY-1" + strings.Repeat("Q", 58), "age-secret-key-1" + ageKey[16:]},
	},
	"snyk-token": {
		tp: []string{"SNYK_TOKEN=" + mgiMark(mgiUUID("snyk"))},
		fp: []string{"SNYK_ORG=" + mgiUUID("snyk"), "SNYK_TOKEN=00000000-0000-0000-0000-000000000000"},
	},
	"sonarqube-token": {
		tp: []string{"sonar.token=" + mgiMark("squ_"+mgiTok("squ", 40, mgiHex)), "SONAR_TOKEN=" + mgiMark("sqp_"+mgiTok("sqp", 40, mgiHex))},
		fp: []string{"squ_short", "sqa_" + strings.Repeat("0", 40)},
	},
	"jfrog-api-key":         mgiPrefixed("AKCp", mgiTok("akcp", 69, mgiAlnum)),
	"jfrog-reference-token": mgiPrefixed("cmVmdGtu", mgiTok("reftkn", 56, mgiAlnum)),
	"circleci-token":        mgiPrefixed("CCIPAT_", mgiTok("cci", 22, mgiAlnum)+"_"+mgiTok("cci2", 40, mgiHex)),
	"buildkite-token":       mgiPrefixed("bkua_", mgiTok("bkua", 40, mgiLan)),
	"pulumi-token":          mgiPrefixed("pul-", mgiTok("pul", 40, mgiHex)),
	"fastly-api-token": {
		tp: []string{"FASTLY_API_TOKEN=" + mgiMark(mgiTok("fastly", 32, mgiB64u))},
		fp: []string{"FASTLY_SERVICE_ID=" + mgiTok("fsid", 22, mgiAlnum), "FASTLY_API_TOKEN=$FASTLY_API_TOKEN"},
	},
	"okta-api-token": {
		tp: []string{"OKTA_API_TOKEN=" + mgiMark("00"+mgiTok("okta", 40, mgiB64u))},
		fp: []string{"OKTA_DOMAIN=acme.okta.com", "OKTA_API_TOKEN=" + mgiTok("okta", 42, mgiB64u)},
	},
	"auth0-client-secret": {
		tp: []string{"AUTH0_CLIENT_SECRET=" + mgiMark(mgiTok("auth0", 64, mgiB64u))},
		fp: []string{"AUTH0_CLIENT_ID=" + mgiTok("a0id", 32, mgiAlnum), "AUTH0_CLIENT_SECRET=" + mgiTok("auth0", 30, mgiB64u)},
	},
	"twitch-token": {
		tp: []string{"TWITCH_CLIENT_SECRET=" + mgiMark(mgiTok("twitch", 30, mgiLan))},
		fp: []string{"TWITCH_CLIENT_ID=" + mgiTok("twitch", 30, mgiLan), "twitch token expired"},
	},
	"dropbox-short-lived-token": {
		tp: []string{"Authorization: Bearer " + mgiMark(dropboxSL)},
		fp: []string{"sl." + mgiTok("dbx", 40, mgiB64u), "x" + dropboxSL, "sl." + strings.Repeat("ab", 80)},
	},
	"dropbox-long-lived-token": {
		tp: []string{"DROPBOX_ACCESS_TOKEN=" + mgiMark(dropboxLong)},
		fp: []string{"DROPBOX_ACCESS_TOKEN=" + mgiTok("dbl3", 64, mgiB64u), "DROPBOX_APP_KEY=" + mgiTok("dbk", 15, mgiLan)},
	},
	"asana-pat": {
		tp: []string{"ASANA_ACCESS_TOKEN=" + mgiMark("1/"+mgiTok("asana", 16, mgiDigits)+":"+mgiTok("asana2", 32, mgiHex))},
		fp: []string{"ASANA_WORKSPACE=" + mgiTok("aw", 16, mgiDigits), "ASANA_ACCESS_TOKEN=1/12:abc"},
	},
	"airtable-pat": {
		tp: []string{"AIRTABLE_TOKEN=" + mgiMark("pat"+mgiTok("at1", 14, mgiAlnum)+"."+mgiTok("at2", 64, mgiHex))},
		fp: []string{"path." + mgiTok("at2", 64, mgiHex), "pattern matching", "x" + "pat" + mgiTok("at1", 14, mgiAlnum) + "." + mgiTok("at2", 64, mgiHex)},
	},
	"figma-pat":      mgiPrefixed("figd_", mgiTok("figd", 40, mgiB64u)),
	"contentful-pat": mgiPrefixed("CFPAT-", mgiTok("cfpat", 43, mgiB64u)),
	"algolia-admin-key": {
		tp: []string{"ALGOLIA_ADMIN_KEY=" + mgiMark(mgiTok("algolia", 32, mgiHex)), "ALGOLIA_API_KEY: " + mgiMark(mgiTok("algolia2", 32, mgiHex))},
		fp: []string{"ALGOLIA_APP_ID=" + mgiTok("alid", 10, mgiUpper), "ALGOLIA_SEARCH_KEY=" + mgiTok("algolia", 32, mgiHex)},
	},
	"mapbox-secret-token": {
		tp: []string{"MAPBOX_SECRET=" + mgiMark(mapboxTok)},
		fp: []string{"pk." + mapboxTok[3:], "x" + mapboxTok, "sk.eyJ" + mgiTok("mbx3", 80, mgiB64u)},
	},
	"onepassword-service-token": {
		tp: []string{"OP_SERVICE_ACCOUNT_TOKEN=" + mgiMark(opsTok)},
		fp: []string{"ops_eyJ" + mgiTok("ops", 40, mgiB64), "x" + opsTok},
	},
	"harness-token": {
		tp: []string{"HARNESS_TOKEN=" + mgiMark("pat."+mgiTok("h1", 22, mgiB64u)+"."+mgiTok("h2", 24, mgiAlnum)+"."+mgiTok("h3", 20, mgiAlnum))},
		fp: []string{"pat.name", "sat." + mgiTok("h1", 22, mgiB64u)},
	},
	"prefect-api-key":      mgiPrefixed("pnu_", mgiTok("pnu", 36, mgiAlnum)),
	"infracost-api-key":    mgiPrefixed("ico-", mgiTok("ico", 32, mgiAlnum)),
	"scalingo-api-token":   mgiPrefixed("tk-us-", mgiTok("scal", 48, mgiB64u)),
	"dynatrace-token":      mgiPrefixed("dt0c01.", mgiTok("dt1", 24, mgiUpper)+"."+mgiTok("dt2", 64, mgiUpper)),
	"posthog-personal-key": mgiPrefixed("phx_", mgiTok("phx", 47, mgiAlnum)),
	"typeform-token":       mgiPrefixed("tfp_", mgiTok("tfp", 44, mgiB64u)),
	"readme-api-key":       mgiPrefixed("rdme_", mgiTok("rdme", 70, mgiLan)),
	"deno-deploy-token":    mgiPrefixed("ddp_", mgiTok("ddp", 36, mgiAlnum)),
	"octopus-api-key":      mgiPrefixed("API-", mgiTok("octo", 26, mgiUpper), "API-FIRST-DESIGN", "API-GATEWAY"),
}
