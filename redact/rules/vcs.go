package rules

// Alphabets of version-control credentials.
var (
	credFineGrained = NewSet("A-Za-z0-9_")  // github_pat_ body
	credGitLabJob   = NewSet("A-Za-z0-9_-") // glcbt- body: partition id, '_', token
	credSourcegraph = NewSet("a-z0-9_")     // Sourcegraph sgp_ body
	credGitter      = NewSet("a-z0-9_-")    // Gitter token
)

// githubToken returns the rule for one GitHub token prefix; every such token carries a
// CRC-32 checksum, verified here.
func githubToken(id, prefix, what string) Rule {
	return Rule{
		ID: id, Type: "GITHUB_TOKEN", Category: Secret,
		Description: "GitHub " + what + ", " + prefix + " + 36 base62 with its CRC-32 checksum verified",
		Keywords:    []string{prefix},
		Match:       credPrefixed(TokenOpts{Min: 36, Body: AlNum, Validate: githubChecksumValid}, prefix),
	}
}

// gitlabToken returns the rule for a GitLab token of a fixed prefix and body length.
func gitlabToken(id, prefix, what string, n int, body Set) Rule {
	return Rule{
		ID: id, Type: "GITLAB_TOKEN", Category: Secret,
		Description: "GitLab " + what + ", " + prefix + " + body",
		Keywords:    []string{prefix},
		Match:       credPrefixed(TokenOpts{Min: n, Body: body, MinEntropy: 3.0, Before: &Word}, prefix),
	}
}

// fineGrainedPAT reports whether tok is github_pat_ + 22 alphanumerics + '_' + 59 alphanumerics.
func fineGrainedPAT(tok []byte) bool {
	b := tok[len("github_pat_"):]
	return len(b) == 82 && credAll(b[:22], &AlNum) && b[22] == '_' && credAll(b[23:], &AlNum) && credMixedCase(b[23:])
}

// gitlabJobToken reports whether tok is glcbt- + 1 to 5 alphanumerics + '_' + 20 base64url.
func gitlabJobToken(tok []byte) bool {
	b := tok[len("glcbt-"):]
	u := 0
	for u < len(b) && b[u] != '_' {
		u++
	}
	return u >= 1 && u <= 5 && credAll(b[:u], &AlNum) && len(b)-u-1 == 20
}

// sourcegraphToken reports whether tok is sgp_ + 40 hex, or sgp_ + (16 hex or "local") +
// '_' + 40 hex.
func sourcegraphToken(tok []byte) bool {
	b := tok[len("sgp_"):]
	switch {
	case len(b) == 40:
		return credAll(b, &credHex)
	case len(b) == 57 && b[16] == '_':
		return credAll(b[:16], &credHex) && credAll(b[17:], &credHex)
	case len(b) == 46 && string(b[:6]) == "local_":
		return credAll(b[6:], &credHex)
	}
	return false
}

// vcs returns the rules for version control hosts (GitHub, GitLab, Bitbucket).
func vcs() []Rule {
	return []Rule{
		githubToken("github-pat", "ghp_", "personal access token (classic)"),
		githubToken("github-oauth-token", "gho_", "OAuth access token"),
		githubToken("github-user-to-server-token", "ghu_", "App user-to-server token"),
		githubToken("github-server-to-server-token", "ghs_", "App installation token (Actions GITHUB_TOKEN)"),
		githubToken("github-refresh-token", "ghr_", "App refresh token"),
		{
			ID: "github-fine-grained-pat", Type: "GITHUB_TOKEN", Category: Secret,
			Description: "GitHub fine-grained personal access token, github_pat_ + 22 + _ + 59 alphanumerics",
			Keywords:    []string{"github_pat_"},
			Match:       credPrefixed(TokenOpts{Min: 82, Body: credFineGrained, Validate: fineGrainedPAT}, "github_pat_"),
		},
		{
			ID: "github-token-legacy", Type: "GITHUB_TOKEN", Category: Secret,
			Description: "pre-2021 40-hex GitHub token assigned to GITHUB_TOKEN, GH_TOKEN or similar",
			Keywords:    []string{"github_token", "gh_token", "github_access_token", "github_oauth_token", "github_api_token"},
			Match:       credValue(40, 40, credHex, 3.3, nil),
			Heuristic:   true,
		},
		{
			ID: "github-oauth-client-secret", Type: "GITHUB_CLIENT_SECRET", Category: Secret,
			Description: "40-hex GitHub OAuth app client secret assigned to GITHUB_CLIENT_SECRET or similar",
			Keywords:    []string{"github_client_secret", "github_oauth_client_secret", "github_app_client_secret"},
			Match:       credValue(40, 40, credHex, 3.3, nil),
			Heuristic:   true,
		},
		gitlabToken("gitlab-pat", "glpat-", "personal, project or group access token (legacy 20-character form)", 20, Base64URL),
		{
			ID: "gitlab-pat-routable", Type: "GITLAB_TOKEN", Category: Secret,
			Description: "GitLab routable access token, glpat- + payload + payload length and CRC-32 in base36, both verified",
			Keywords:    []string{"glpat-"},
			Match:       gitlabRoutable("glpat-", false),
		},
		{
			ID: "gitlab-oauth-app-secret", Type: "GITLAB_TOKEN", Category: Secret,
			Description: "GitLab OAuth application secret, gloas- + 64 hex",
			Keywords:    []string{"gloas-"},
			Match:       credPrefixed(TokenOpts{Min: 64, Body: credHex, MinEntropy: 3.0}, "gloas-"),
		},
		gitlabToken("gitlab-deploy-token", "gldt-", "deploy token", 20, Base64URL),
		gitlabToken("gitlab-runner-token", "glrt-", "runner authentication token", 20, Base64URL),
		{
			ID: "gitlab-runner-token-routable", Type: "GITLAB_TOKEN", Category: Secret,
			Description: "GitLab routable runner authentication token, glrt-t<digit>_ + payload + length and CRC-32, both verified",
			Keywords:    []string{"glrt-"},
			Match:       gitlabRoutable("glrt-", true),
		},
		{
			ID: "gitlab-cicd-job-token", Type: "GITLAB_TOKEN", Category: Secret,
			Description: "GitLab CI/CD job token, glcbt- + partition + _ + 20 base64url",
			Keywords:    []string{"glcbt-"},
			Match:       credPrefixed(TokenOpts{Min: 22, Max: 26, Body: credGitLabJob, MinEntropy: 3.0, Validate: gitlabJobToken}, "glcbt-"),
		},
		gitlabToken("gitlab-pipeline-trigger-token", "glptt-", "pipeline trigger token", 40, credHex),
		gitlabToken("gitlab-feed-token", "glft-", "feed token", 20, Base64URL),
		gitlabToken("gitlab-incoming-mail-token", "glimt-", "incoming mail token", 25, Base64URL),
		gitlabToken("gitlab-agent-token", "glagent-", "agent for Kubernetes token", 50, Base64URL),
		gitlabToken("gitlab-scim-token", "glsoat-", "SCIM token", 20, Base64URL),
		gitlabToken("gitlab-feature-flag-client-token", "glffct-", "feature flags client token", 20, Base64URL),
		gitlabToken("gitlab-runner-registration-token", "GR1348941", "runner registration token (deprecated)", 20, Base64URL),
		{
			ID: "gitlab-session-cookie", Type: "GITLAB_SESSION", Category: Secret,
			Description: "GitLab session cookie value, _gitlab_session= + 32 lower-case alphanumerics",
			Keywords:    []string{"_gitlab_session="},
			Match:       credPrefixed(TokenOpts{Min: 32, Body: LowerAlNum, MinEntropy: 3.0, Before: &AlNum}, "_gitlab_session="),
		},
		{
			ID: "bitbucket-app-password", Type: "BITBUCKET_TOKEN", Category: Secret,
			Description: "Bitbucket app password or API token, ATBB + 28 to 60 alphanumerics",
			Keywords:    []string{"ATBB"},
			Match:       credPrefixed(TokenOpts{Min: 28, Max: 60, Body: AlNum, MinEntropy: 3.5, Validate: func(t []byte) bool { return credMixedCase(t[4:]) }}, "ATBB"),
		},
		{
			ID: "bitbucket-client-secret", Type: "BITBUCKET_TOKEN", Category: Secret,
			Description: "Bitbucket OAuth consumer secret (32 to 64 characters) assigned to BITBUCKET_CLIENT_SECRET or similar",
			Keywords:    []string{"bitbucket_client_secret", "bitbucket_oauth_secret", "bitbucket_secret", "bitbucket_consumer_secret"},
			Match:       credValue(32, 64, Base64URL, 3.5, nil),
			Heuristic:   true,
		},
		{
			ID: "gitea-token", Type: "GITEA_TOKEN", Category: Secret,
			Description: "40-hex Gitea or Forgejo access token assigned to GITEA_TOKEN or similar",
			Keywords:    []string{"gitea_token", "gitea_access_token", "forgejo_token", "gitea_api_token"},
			Match:       credValue(40, 40, credHex, 3.3, nil),
			Heuristic:   true,
		},
		{
			ID: "gitter-access-token", Type: "GITTER_TOKEN", Category: Secret,
			Description: "40-character Gitter access token assigned to GITTER_TOKEN or similar",
			Keywords:    []string{"gitter_token", "gitter_access_token", "gitter_api_token"},
			Match:       credValue(40, 40, credGitter, 3.5, nil),
			Heuristic:   true,
		},
		{
			ID: "sourcegraph-access-token", Type: "SOURCEGRAPH_TOKEN", Category: Secret,
			Description: "Sourcegraph access token, sgp_ + (16 hex or local) + _ + 40 hex, or sgp_ + 40 hex",
			Keywords:    []string{"sgp_"},
			Match:       credPrefixed(TokenOpts{Min: 40, Max: 57, Body: credSourcegraph, MinEntropy: 3.0, Validate: sourcegraphToken}, "sgp_"),
		},
	}
}
