package rules_test

import "strings"

var (
	ktStripeLive = "sk_live_" + ktTok("stripe", 99, ktAN)
	ktStripeRK   = "rk_live_" + ktTok("stripe-rk", 99, ktAN)
)

// paymentExamples are the true and false positives of the rules in payment.go.
var paymentExamples = map[string]examples{
	"stripe-secret-key": {
		tp: []string{
			"STRIPE_SECRET_KEY=«" + ktStripeLive + "»",
			"stripe.api_key = \"«sk_live_" + ktTok("stripe-old", 24, ktAN) + "»\"",
			"curl https://api.stripe.com/v1/charges -u «" + ktStripeLive + "»:",
		},
		fp: []string{
			"STRIPE_SECRET_KEY=sk_live_...",
			"STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
			"STRIPE_SECRET_KEY=sk_live_" + ktTok("stripe-short", 8, ktAN),
			"STRIPE_PUBLISHABLE_KEY=pk_live_" + ktTok("stripe-pk", 99, ktAN),
			"mask_live_" + ktTok("stripe-in", 24, ktAN),
		},
	},
	"stripe-restricted-key": {
		tp: []string{"STRIPE_SECRET_KEY=«" + ktStripeRK + "»"},
		fp: []string{"rk_live_<restricted-key>", "rk_live_" + ktTok("stripe-rk2", 12, ktAN)},
	},
	"stripe-test-key": {
		tp: []string{"STRIPE_SECRET_KEY=«sk_test_" + ktTok("stripe-test", 99, ktAN) + "»", "«rk_test_" + ktTok("stripe-rt", 99, ktAN) + "»"},
		fp: []string{"stripe.api_key = \"sk_test_4eC39HqLyjWDarjtT1zdp7dc\"", "sk_test_" + strings.Repeat("x", 24)},
	},
	"stripe-webhook-secret": {
		tp: []string{"STRIPE_WEBHOOK_SECRET=«whsec_" + ktTok("whsec", 32, ktAN) + "»", "Ready! Your webhook signing secret is «whsec_" + ktTok("whsec-cli", 64, ktHex) + "»"},
		fp: []string{"STRIPE_WEBHOOK_SECRET=whsec_...", "whsec_" + ktTok("whsec2", 20, ktAN)},
	},
	"stripe-client-secret": {
		tp: []string{
			`{"id": "pi_3Mtw` + "X" + `", "client_secret": "«pi_` + ktTok("pi", 24, ktAN) + "_secret_" + ktTok("pi-s", 25, ktAN) + `»"}`,
			"stripe.confirmCardSetup('«seti_" + ktTok("seti", 24, ktAN) + "_secret_" + ktTok("seti-s", 25, ktAN) + "»')",
		},
		fp: []string{"client_secret_key = load()", "pi_" + ktTok("pi2", 24, ktAN) + "_secret_xxxxxxxxxxxxxxxxxxxxxxxxx", "api_client_secret_" + ktTok("pi3", 25, ktAN)},
	},
	"square-access-token": {
		tp: []string{"SQUARE_ACCESS_TOKEN=«EAAA" + ktTok("square", 60, ktB64u) + "»"},
		fp: []string{"EAAA" + ktTok("square2", 40, ktB64u), "EAAAl" + strings.Repeat("A", 59), "facebook token EAAG" + ktTok("fb", 180, ktAN)},
	},
	"square-access-token-legacy": {
		tp: []string{"SQUARE_ACCESS_TOKEN=«sq0atp-" + ktTok("sq0atp", 22, ktB64u) + "»"},
		fp: []string{"sq0atp-" + ktTok("sq0atp2", 16, ktB64u)},
	},
	"square-oauth-secret": {
		tp: []string{"SQUARE_APP_SECRET=«sq0csp-" + ktTok("sq0csp", 43, ktB64u) + "»", "SQUARE_APP_SECRET=sandbox-«sq0csb-" + ktTok("sq0csb", 43, ktB64u) + "»"},
		fp: []string{"SQUARE_APP_ID=sq0idp-" + ktTok("sq0idp", 22, ktB64u), "sq0csp-" + ktTok("sq0csp2", 30, ktB64u)},
	},
	"braintree-access-token": {
		tp: []string{
			"BRAINTREE_ACCESS_TOKEN=«access_token$production$" + ktTok("bt-m", 16, ktLan) + "$" + ktTok("bt-h", 32, ktHex) + "»",
			"«access_token$sandbox$" + ktTok("bt-m2", 16, ktLan) + "$" + ktTok("bt-h2", 32, ktHex) + "»",
		},
		fp: []string{"access_token$production$" + ktTok("bt-m3", 16, ktLan) + "$" + ktTok("bt-h3", 20, ktHex), "access_token$staging$" + ktTok("bt-m4", 16, ktLan) + "$" + ktTok("bt-h4", 32, ktHex)},
	},
	"paypal-client-secret": {
		tp: []string{"PAYPAL_CLIENT_SECRET=«" + ktTok("paypal", 80, ktB64u) + "»"},
		fp: []string{"PAYPAL_CLIENT_SECRET=<your-client-secret>", "PAYPAL_CLIENT_ID=" + ktTok("paypal-id", 80, ktB64u), "PAYPAL_CLIENT_SECRET=" + ktTok("paypal2", 30, ktB64u)},
	},
	"paypal-access-token": {
		tp: []string{"Authorization: Bearer «A21AA" + ktTok("pp-at", 92, ktB64u) + "»"},
		fp: []string{"A21AA" + ktTok("pp-at2", 30, ktB64u), "XA21AA" + ktTok("pp-at3", 92, ktB64u)},
	},
	"authorize-net-transaction-key": {
		tp: []string{`{"merchantAuthentication": {"name": "5KP3u95bQpv", "transactionKey": "«` + ktTok("anet", 16, ktAN) + `»"}}`},
		fp: []string{`"transactionKey": "` + ktTok("anet2", 16, ktLan) + `"`, `"transaction_key_id": 42`},
	},
	"adyen-api-key": {
		tp: []string{"ADYEN_API_KEY=«AQE" + ktTok("adyen", 60, ktB64) + "==-" + ktTok("adyen2", 40, ktB64) + "=-" + ktTok("adyen3", 16, ktAN) + "»"},
		fp: []string{"ADYEN_API_KEY=" + ktTok("adyen4", 120, ktB64), "ADYEN_API_KEY=AQE_YOUR_API_KEY"},
	},
	"coinbase-cdp-api-secret": {
		tp: []string{"CDP_API_KEY_ID=" + ktUUID("cdp") + "\nCDP_API_KEY_SECRET=«" + ktTok("cdp-secret", 86, ktB64) + "==»"},
		fp: []string{"CDP_API_KEY_SECRET=${CDP_API_KEY_SECRET}", "CDP_API_KEY_SECRET=" + ktTok("cdp-secret2", 64, ktHex)},
	},
	"razorpay-key-secret": {
		tp: []string{"RAZORPAY_KEY_SECRET=«" + ktTok("rzp", 24, ktAN) + "»"},
		fp: []string{"RAZORPAY_KEY_ID=rzp_live_" + ktTok("rzp-id", 14, ktAN), "RAZORPAY_KEY_SECRET=" + ktTok("rzp2", 20, ktAN)},
	},
	"plaid-access-token": {
		tp: []string{`{"access_token": "«access-production-` + ktUUID("plaid") + `»", "item_id": "x"}`, "«access-sandbox-" + ktUUID("plaid2") + "»"},
		fp: []string{"access-production-" + ktTok("plaid3", 36, ktHex), "access-sandbox-00000000-0000-0000-0000-000000000000"},
	},
	"plaid-secret": {
		tp: []string{"PLAID_SECRET=«" + ktTok("plaid-s", 30, ktHex) + "»"},
		fp: []string{"PLAID_CLIENT_ID=" + ktTok("plaid-c", 24, ktHex), "PLAID_SECRET=" + ktTok("plaid-s2", 24, ktHex)},
	},
	"flutterwave-secret-key": {
		tp: []string{"FLW_SECRET_KEY=«FLWSECK_TEST-" + ktTok("flw", 32, ktHex) + "-X»", "FLW_SECRET_KEY=«FLWSECK-" + ktTok("flw2", 32, ktHex) + "-X»"},
		fp: []string{"FLW_PUBLIC_KEY=FLWPUBK_TEST-" + ktTok("flw3", 32, ktHex) + "-X", "FLWSECK-" + ktTok("flw4", 32, ktHex)},
	},
	"flutterwave-encryption-key": {
		tp: []string{"FLW_ENCRYPTION_KEY=«FLWSECK_TEST" + ktTok("flw-enc", 12, ktHex) + "»"},
		fp: []string{"FLWSECK_TEST" + ktTok("flw-enc2", 10, ktHex), "FLWSECK_TEST-" + ktTok("flw-enc3", 12, ktHex)},
	},
	"pagarme-api-key": {
		tp: []string{"PAGARME_API_KEY=«ak_live_" + ktTok("pagarme", 30, ktAN) + "»"},
		fp: []string{"ak_live_" + ktTok("pagarme2", 20, ktAN)},
	},
	"ramp-client-secret": {
		tp: []string{"RAMP_CLIENT_SECRET=«ramp_sec_" + ktTok("ramp", 48, ktAN) + "»"},
		fp: []string{"RAMP_CLIENT_ID=ramp_id_" + ktTok("ramp-id", 40, ktAN), "ramp_sec_" + ktTok("ramp2", 30, ktAN)},
	},
	"gocardless-access-token": {
		tp: []string{"GOCARDLESS_ACCESS_TOKEN=«live_" + ktTok("gc", 40, ktB64u) + "»"},
		fp: []string{"GOCARDLESS_ACCESS_TOKEN=sandbox_" + ktTok("gc2", 40, ktB64u), "GOCARDLESS_ACCESS_TOKEN=live_" + ktTok("gc3", 20, ktB64u)},
	},
	"checkout-secret-key": {
		tp: []string{"CHECKOUT_SECRET_KEY=«sk_test_" + ktUUID("cko") + "»", "CKO_SECRET_KEY=«sk_" + ktUUID("cko2") + "»"},
		fp: []string{"CHECKOUT_PUBLIC_KEY=pk_test_" + ktUUID("cko3"), "CHECKOUT_SECRET_KEY=sk_test_" + ktTok("cko4", 36, ktHex)},
	},
	"paystack-secret-key": {
		tp: []string{"PAYSTACK_SECRET_KEY=«sk_live_" + ktTok("paystack", 40, ktAN) + "»"},
		fp: []string{"PAYSTACK_PUBLIC_KEY=pk_live_" + ktTok("paystack2", 40, ktAN), "PAYSTACK_SECRET_KEY=sk_live_" + ktTok("paystack3", 30, ktAN)},
	},
	"mollie-api-key": {
		tp: []string{"MOLLIE_API_KEY=«live_" + ktTok("mollie", 30, ktAN) + "»"},
		fp: []string{"MOLLIE_API_KEY=live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "MOLLIE_API_KEY=prod_" + ktTok("mollie2", 30, ktAN)},
	},
	"lob-api-key": {
		tp: []string{"LOB_API_KEY=«test_" + ktTok("lob", 35, ktHex) + "»"},
		fp: []string{"LOB_API_KEY=test_pub_" + ktTok("lob2", 31, ktHex), "LOB_API_KEY=live_" + ktTok("lob3", 30, ktHex)},
	},
}
