package hushvet

import "testing"

func TestSensitiveName(t *testing.T) {
	cases := []struct {
		name string
		want bool
	}{
		{"password", true}, {"dbPassword", true}, {"APIKey", true}, {"api_key", true}, {"apiKey", true},
		{"sessionToken", true}, {"clientSecret", true}, {"Authorization", true}, {"user.pin", true},
		{"monkey", false}, {"keyboard", false}, {"region", false}, {"count", false}, {"tokenizer", false}, {"maxTokens", false}, {"input_tokens", false}, {"inputTokenCount", false}, {"accessToken", true}, {"token", true},
		{"", false}, {"HTTPKey", true}, {"keys", false},
	}
	for _, c := range cases {
		if got := sensitiveName(c.name); got != c.want {
			t.Errorf("sensitiveName(%q) = %v, want %v", c.name, got, c.want)
		}
	}
}
