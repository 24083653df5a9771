package rules

// Alphabets of payment credentials.
var (
	credBraintree = NewSet("a-z0-9$") // access_token$<env>$<merchant>$<hex>
	credWordDash  = NewSet("A-Za-z0-9_-")
	credAdyen     = NewSet("A-Za-z0-9+/=._-")
)

// stripeDocsTestKey is the test key Stripe's documentation printed for years; it is copied
// into countless tutorials and is not anyone's secret.
const stripeDocsTestKey = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"

// stripeTestKey rejects the documentation's shared test key.
func stripeTestKey(tok []byte) bool {
	return string(tok) != stripeDocsTestKey && credMixedCase(tok[len("sk_test_"):])
}

// braintreeToken reports whether tok is access_token$production$ (or $sandbox$) + 16
// lower-case alphanumerics + '$' + 32 hex.
func braintreeToken(tok []byte) bool {
	b := tok[len("access_token$"):]
	switch {
	case len(b) > 11 && string(b[:11]) == "production$":
		b = b[11:]
	case len(b) > 8 && string(b[:8]) == "sandbox$":
		b = b[8:]
	default:
		return false
	}
	return len(b) == 49 && credAll(b[:16], &LowerAlNum) && b[16] == '$' && credAll(b[17:], &credHex)
}

// flutterwaveKey reports whether tok is FLWSECK- or FLWSECK_TEST- + 32 hex + "-X".
func flutterwaveKey(tok []byte) bool {
	b := tok[len("FLWSECK"):]
	if len(b) > 6 && string(b[:6]) == "_TEST-" {
		b = b[6:]
	} else if len(b) > 1 && b[0] == '-' {
		b = b[1:]
	} else {
		return false
	}
	return len(b) == 34 && credAll(b[:32], &HexAny) && b[32] == '-' && b[33] == 'X'
}

// prefixedUUID reports whether v is one of the prefixes followed by a UUID.
func prefixedUUID(v []byte, prefixes ...string) bool {
	for _, p := range prefixes {
		if len(v) == len(p)+36 && string(v[:len(p)]) == p {
			return IsUUID(v[len(p):])
		}
	}
	return false
}

// gocardlessToken reports whether v is live_ + 40 base64url.
func gocardlessToken(v []byte) bool {
	return len(v) == 45 && string(v[:5]) == "live_" && credMixedCase(v[5:])
}

// mollieKey reports whether v is live_ or test_ + 30 alphanumerics.
func mollieKey(v []byte) bool {
	return len(v) == 35 && (string(v[:5]) == "live_" || string(v[:5]) == "test_") && credAll(v[5:], &AlNum) && credMixedCase(v[5:])
}

// lobKey reports whether v is live_ or test_ + 35 hex.
func lobKey(v []byte) bool {
	return len(v) == 40 && (string(v[:5]) == "live_" || string(v[:5]) == "test_") && credAll(v[5:], &credHex)
}

// paystackKey reports whether v is sk_live_ or sk_test_ + 40 alphanumerics.
func paystackKey(v []byte) bool {
	return len(v) == 48 && (string(v[:8]) == "sk_live_" || string(v[:8]) == "sk_test_") && credAll(v[8:], &AlNum)
}

// adyenKey reports whether v is an Adyen API key: AQE + a long base64 structure.
func adyenKey(v []byte) bool {
	return len(v) >= 80 && string(v[:3]) == "AQE" && Entropy(v) >= 4.5
}

// coinbaseSecret reports whether v is base64 of 64 bytes (86 characters and "==").
func coinbaseSecret(v []byte) bool {
	return len(v) == 88 && v[86] == '=' && v[87] == '=' && credAll(v[:86], &Base64) && Entropy(v) >= 4.5
}

// payment returns the rules for payment processors (Stripe, Square, Braintree/PayPal, …).
func payment() []Rule {
	return []Rule{
		{
			ID: "stripe-secret-key", Type: "STRIPE_SECRET_KEY", Category: Secret,
			Description: "Stripe live secret key, sk_live_ + alphanumerics",
			Keywords:    []string{"sk_live_"},
			Match:       credPrefixed(TokenOpts{Min: 20, Max: 247, Body: AlNum, MinEntropy: 3.5}, "sk_live_"),
		},
		{
			ID: "stripe-restricted-key", Type: "STRIPE_SECRET_KEY", Category: Secret,
			Description: "Stripe live restricted key, rk_live_ + alphanumerics",
			Keywords:    []string{"rk_live_"},
			Match:       credPrefixed(TokenOpts{Min: 20, Max: 247, Body: AlNum, MinEntropy: 3.5}, "rk_live_"),
		},
		{
			ID: "stripe-test-key", Type: "STRIPE_TEST_KEY", Category: Secret,
			Description: "Stripe test-mode secret or restricted key (sk_test_, rk_test_): cannot move money, lower severity; the documentation's shared key is left alone",
			Keywords:    []string{"sk_test_", "rk_test_"},
			Match:       credPrefixed(TokenOpts{Min: 20, Max: 247, Body: AlNum, MinEntropy: 3.5, Validate: stripeTestKey}, "sk_test_", "rk_test_"),
		},
		{
			ID: "stripe-webhook-secret", Type: "STRIPE_WEBHOOK_SECRET", Category: Secret,
			Description: "Stripe webhook signing secret, whsec_ + 32 to 64 alphanumerics",
			Keywords:    []string{"whsec_"},
			Match:       credPrefixed(TokenOpts{Min: 32, Max: 64, Body: AlNum, MinEntropy: 3.5}, "whsec_"),
		},
		{
			ID: "stripe-client-secret", Type: "STRIPE_CLIENT_SECRET", Category: Secret,
			Description: "Stripe PaymentIntent or SetupIntent client secret, pi_…_secret_… (low severity: meant for one customer's browser)",
			Keywords:    []string{"_secret_"},
			Match:       matchStripeClientSecret,
		},
		{
			ID: "square-access-token", Type: "SQUARE_ACCESS_TOKEN", Category: Secret,
			Description: "Square access token, EAAA + 60 base64url",
			Keywords:    []string{"EAAA"},
			Match:       credPrefixed(TokenOpts{Min: 60, Body: Base64URL, MinEntropy: 4.0}, "EAAA"),
		},
		{
			ID: "square-access-token-legacy", Type: "SQUARE_ACCESS_TOKEN", Category: Secret,
			Description: "legacy Square access token, sq0atp- + 22 base64url",
			Keywords:    []string{"sq0atp-"},
			Match:       credPrefixed(TokenOpts{Min: 22, Body: Base64URL, MinEntropy: 3.5}, "sq0atp-"),
		},
		{
			ID: "square-oauth-secret", Type: "SQUARE_OAUTH_SECRET", Category: Secret,
			Description: "Square OAuth application secret, sq0csp- (or sandbox-sq0csb-) + 43 base64url",
			Keywords:    []string{"sq0csp-", "sq0csb-"},
			Match:       credPrefixed(TokenOpts{Min: 43, Body: Base64URL, MinEntropy: 4.0, Before: &AlNum}, "sq0csp-", "sq0csb-"),
		},
		{
			ID: "braintree-access-token", Type: "BRAINTREE_ACCESS_TOKEN", Category: Secret,
			Description: "PayPal Braintree access token, access_token$production$ (or $sandbox$) + merchant id + $ + 32 hex",
			Keywords:    []string{"access_token$"},
			Match:       credPrefixed(TokenOpts{Min: 57, Max: 60, Body: credBraintree, Validate: braintreeToken}, "access_token$"),
		},
		{
			ID: "paypal-client-secret", Type: "PAYPAL_CLIENT_SECRET", Category: Secret,
			Description: "PayPal REST client secret (44 to 80 base64url) assigned to PAYPAL_CLIENT_SECRET or PAYPAL_SECRET",
			Keywords:    []string{"paypal_client_secret", "paypal_secret", "paypal-client-secret", "paypal_secret_key"},
			Match:       credValue(44, 80, Base64URL, 4.0, nil),
			Heuristic:   true,
		},
		{
			ID: "paypal-access-token", Type: "PAYPAL_ACCESS_TOKEN", Category: Secret,
			Description: "PayPal OAuth access token, A21AA + base64url",
			Keywords:    []string{"A21AA"},
			Match:       credPrefixed(TokenOpts{Min: 60, Max: 160, Body: Base64URL, MinEntropy: 4.0}, "A21AA"),
		},
		{
			ID: "authorize-net-transaction-key", Type: "AUTHORIZE_NET_KEY", Category: Secret,
			Description: "16-character Authorize.Net transaction key assigned to AUTHORIZENET_TRANSACTION_KEY or similar",
			Keywords:    []string{"authorizenet_transaction_key", "authorize_net_transaction_key", "transactionkey", "transaction_key"},
			Match:       credValue(16, 16, AlNum, 3.3, credMixedCase),
			Heuristic:   true,
		},
		{
			ID: "adyen-api-key", Type: "ADYEN_API_KEY", Category: Secret,
			Description: "Adyen API key (AQE…) assigned to ADYEN_API_KEY or similar",
			Keywords:    []string{"adyen_api_key", "adyen_key", "adyen_x_api_key"},
			Match:       credValue(80, 400, credAdyen, 0, adyenKey),
			Heuristic:   true,
		},
		{
			ID: "coinbase-cdp-api-secret", Type: "COINBASE_API_SECRET", Category: Secret,
			Description: "Coinbase Developer Platform Ed25519 API key secret (88-character base64) assigned to CDP_API_KEY_SECRET or similar; PEM secrets are found by private-key",
			Keywords:    []string{"cdp_api_key_secret", "cdp_api_secret", "coinbase_api_secret", "coinbase_api_key_secret"},
			Match:       credValue(88, 88, credB64Pad, 0, coinbaseSecret),
			Heuristic:   true,
		},
		{
			ID: "razorpay-key-secret", Type: "RAZORPAY_KEY_SECRET", Category: Secret,
			Description: "24-character Razorpay key secret assigned to RAZORPAY_KEY_SECRET or similar",
			Keywords:    []string{"razorpay_key_secret", "razorpay_secret", "razorpay_api_secret"},
			Match:       credValue(24, 24, AlNum, 3.5, credMixedCase),
			Heuristic:   true,
		},
		{
			ID: "plaid-access-token", Type: "PLAID_ACCESS_TOKEN", Category: Secret,
			Description: "Plaid access token, access-production-, access-development- or access-sandbox- + UUID",
			Keywords:    []string{"access-production-", "access-development-", "access-sandbox-"},
			Match: credPrefixed(TokenOpts{Min: 36, Body: credUUIDChars, MinEntropy: 3.0, Validate: func(t []byte) bool { return IsUUID(t[len(t)-36:]) }},
				"access-production-", "access-development-", "access-sandbox-"),
		},
		{
			ID: "plaid-secret", Type: "PLAID_SECRET", Category: Secret,
			Description: "30-hex Plaid API secret assigned to PLAID_SECRET or similar",
			Keywords:    []string{"plaid_secret", "plaid_secret_key", "plaid-secret"},
			Match:       credValue(30, 30, credHex, 3.0, nil),
			Heuristic:   true,
		},
		{
			ID: "flutterwave-secret-key", Type: "FLUTTERWAVE_SECRET_KEY", Category: Secret,
			Description: "Flutterwave secret key, FLWSECK- or FLWSECK_TEST- + 32 hex + -X",
			Keywords:    []string{"FLWSECK"},
			Match:       credPrefixed(TokenOpts{Min: 35, Max: 40, Body: credWordDash, MinEntropy: 3.0, Validate: flutterwaveKey}, "FLWSECK"),
		},
		{
			ID: "flutterwave-encryption-key", Type: "FLUTTERWAVE_SECRET_KEY", Category: Secret,
			Description: "Flutterwave encryption key, FLWSECK_TEST + 12 hex",
			Keywords:    []string{"FLWSECK_TEST"},
			Match:       credPrefixed(TokenOpts{Min: 12, Body: HexAny, MinEntropy: 2.5}, "FLWSECK_TEST"),
		},
		{
			ID: "pagarme-api-key", Type: "PAGARME_API_KEY", Category: Secret,
			Description: "Pagar.me API key, ak_live_ + 30 alphanumerics",
			Keywords:    []string{"ak_live_"},
			Match:       credPrefixed(TokenOpts{Min: 30, Body: AlNum, MinEntropy: 3.5}, "ak_live_"),
		},
		{
			ID: "ramp-client-secret", Type: "RAMP_CLIENT_SECRET", Category: Secret,
			Description: "Ramp API client secret, ramp_sec_ + 48 alphanumerics",
			Keywords:    []string{"ramp_sec_"},
			Match:       credPrefixed(TokenOpts{Min: 48, Body: AlNum, MinEntropy: 3.5}, "ramp_sec_"),
		},
		{
			ID: "gocardless-access-token", Type: "GOCARDLESS_ACCESS_TOKEN", Category: Secret,
			Description: "GoCardless access token (live_ + 40 base64url) assigned to GOCARDLESS_ACCESS_TOKEN or similar",
			Keywords:    []string{"gocardless_access_token", "gocardless_token", "gocardless_api_key"},
			Match:       credValue(45, 45, credWordDash, 0, gocardlessToken),
			Heuristic:   true,
		},
		{
			ID: "checkout-secret-key", Type: "CHECKOUT_SECRET_KEY", Category: Secret,
			Description: "legacy Checkout.com secret key (sk_ or sk_test_ + UUID) assigned to CHECKOUT_SECRET_KEY or CKO_SECRET_KEY",
			Keywords:    []string{"checkout_secret_key", "cko_secret_key", "checkout_com_secret_key"},
			Match:       credValue(39, 44, credWordDash, 0, func(v []byte) bool { return prefixedUUID(v, "sk_", "sk_test_") }),
			Heuristic:   true,
		},
		{
			ID: "paystack-secret-key", Type: "PAYSTACK_SECRET_KEY", Category: Secret,
			Description: "Paystack secret key (sk_live_ or sk_test_ + 40 alphanumerics) assigned to PAYSTACK_SECRET_KEY",
			Keywords:    []string{"paystack_secret_key", "paystack_secret", "paystack_key"},
			Match:       credValue(48, 48, credWordDash, 3.5, paystackKey),
			Heuristic:   true,
		},
		{
			ID: "mollie-api-key", Type: "MOLLIE_API_KEY", Category: Secret,
			Description: "Mollie API key (live_ or test_ + 30 alphanumerics) assigned to MOLLIE_API_KEY",
			Keywords:    []string{"mollie_api_key", "mollie_key"},
			Match:       credValue(35, 35, credWordDash, 3.5, mollieKey),
			Heuristic:   true,
		},
		{
			ID: "lob-api-key", Type: "LOB_API_KEY", Category: Secret,
			Description: "Lob secret API key (live_ or test_ + 35 hex) assigned to LOB_API_KEY; publishable _pub_ keys are left alone",
			Keywords:    []string{"lob_api_key", "lob_secret_key", "lob_key"},
			Match:       credValue(40, 40, credWordDash, 3.0, lobKey),
			Heuristic:   true,
		},
	}
}
