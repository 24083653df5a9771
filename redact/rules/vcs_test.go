package rules_test

import "strings"

var (
	ktGLRoutable = ktGitLabRoutable("glpat-", "glpat-r", 27, "")
	ktGLVersion  = ktGitLabRoutable("glpat-", "glpat-v", 35, "01")
	ktGLRunner   = ktGitLabRoutable("glrt-t1_", "glrt-r", 30, "")
)

// ktGitHubExamples builds the examples of one GitHub token prefix: valid tokens in several
// settings, and near misses (bad checksum, wrong case, inside an identifier, too long).
func ktGitHubExamples(prefix string) examples {
	tok := ktGitHub(prefix, prefix+"1")
	return examples{
		tp: []string{
			"GITHUB_TOKEN=«" + tok + "»",
			"git clone https://x-access-token:«" + ktGitHub(prefix, prefix+"2") + "»@github.com/acme/api.git",
			`{"role": "user", "content": "my token is «` + ktGitHub(prefix, prefix+"3") + `», why 401?"}`,
		},
		fp: []string{
			"GITHUB_TOKEN=" + flip(tok, 38),
			"GITHUB_TOKEN=" + flip(tok, 10),
			"GITHUB_TOKEN=" + strings.ToUpper(prefix) + tok[4:],
			"GITHUB_TOKEN=" + prefix + strings.Repeat("x", 36),
			"my" + tok,
			tok + "Z",
			// the secret-scanning sample token is inert by design
			"secret_scanning_ab85fc6f8d7638cf1c11da812da308d43_" + ktTok(prefix+"ss", 5, ktAN),
		},
	}
}

// vcsExamples are the true and false positives of the rules in vcs.go.
var vcsExamples = map[string]examples{
	"github-pat":                    ktGitHubExamples("ghp_"),
	"github-oauth-token":            ktGitHubExamples("gho_"),
	"github-user-to-server-token":   ktGitHubExamples("ghu_"),
	"github-server-to-server-token": ktGitHubExamples("ghs_"),
	"github-refresh-token":          ktGitHubExamples("ghr_"),
	"github-fine-grained-pat": {
		tp: []string{
			"GH_PAT=«github_pat_11" + ktTok("fg1", 20, ktUpper) + "_" + ktTok("fg2", 59, ktAN) + "»",
			"Authorization: Bearer «github_pat_11" + ktTok("fg3", 20, ktUpper) + "_" + ktTok("fg4", 59, ktAN) + "»",
		},
		fp: []string{
			"GH_PAT=github_pat_11" + ktTok("fg5", 20, ktUpper) + "_" + ktTok("fg6", 40, ktAN),
			"GH_PAT=github_pat_" + strings.Repeat("X", 82),
			"GH_PAT=github_pat_11" + ktTok("fg7", 21, ktUpper) + ktTok("fg8", 59, ktAN),
		},
	},
	"github-token-legacy": {
		tp: []string{"GITHUB_TOKEN=«" + ktTok("gh-legacy", 40, ktHex) + "»", `"github_token": "«` + ktTok("gh-legacy2", 40, ktHex) + `»"`},
		fp: []string{"GITHUB_SHA=" + ktTok("gh-sha", 40, ktHex), "GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }}", "GITHUB_TOKEN=" + ktTok("gh-legacy3", 32, ktHex)},
	},
	"github-oauth-client-secret": {
		tp: []string{"GITHUB_CLIENT_SECRET=«" + ktTok("gh-cs", 40, ktHex) + "»"},
		fp: []string{"GITHUB_CLIENT_ID=" + ktTok("gh-cid", 20, ktAN), "GITHUB_CLIENT_SECRET=<client-secret>"},
	},
	"gitlab-pat": {
		tp: []string{
			"GITLAB_TOKEN=«glpat-" + ktTok("glpat", 20, ktB64u) + "»",
			"curl --header \"PRIVATE-TOKEN: «glpat-" + ktTok("glpat2", 20, ktAN) + "»\" https://gitlab.com/api/v4/projects",
		},
		fp: []string{
			"GITLAB_TOKEN=glpat-XXXXXXXXXXX-XXXXXXXX",
			"GITLAB_TOKEN=glpat-" + ktTok("glpat3", 18, ktAN),
			"GITLAB_TOKEN=GLPAT-" + ktTok("glpat4", 20, ktAN),
			"x_glpat-" + ktTok("glpat5", 20, ktAN),
		},
	},
	"gitlab-pat-routable": {
		tp: []string{
			"GITLAB_TOKEN=«" + ktGLRoutable + "»",
			"token «" + ktGLVersion + "». Rotate it.",
			"https://oauth2:«" + ktGitLabRoutable("glpat-", "glpat-l", 120, "01") + "»@gitlab.com/acme/api.git",
			"fixture «glpat-bzox79Of-KE9FD2LjoXXF4CvyxA.0r03gxo7s»",
		},
		fp: []string{
			"GITLAB_TOKEN=" + flip(ktGLRoutable, len(ktGLRoutable)-1),
			"GITLAB_TOKEN=" + flip(ktGLVersion, 10),
			"glpat-xxxxxxxx-xxxxxxxxxxxxxxxxxx.xxxxxxxxx",
			"glpat-testd_Rb5_cHeWe1JH56wr2FCBA.0r1pum4t4",
			"glpat-TESTtokenGq5K56y8RBbu286MQp1OmFwOAk.01.0z11111is",
		},
	},
	"gitlab-oauth-app-secret": {
		tp: []string{"GITLAB_OAUTH_SECRET=«gloas-" + ktTok("gloas", 64, ktHex) + "»"},
		fp: []string{"gloas-" + ktTok("gloas2", 40, ktHex)},
	},
	"gitlab-deploy-token": {
		tp: []string{"CI_DEPLOY_PASSWORD=«gldt-" + ktTok("gldt", 20, ktB64u) + "»"},
		fp: []string{"gldt-xxxxxxxxxxxxxxxxxxxx", "gldt-" + ktTok("gldt2", 25, ktB64u)},
	},
	"gitlab-runner-token": {
		tp: []string{"token = \"«glrt-" + ktTok("glrt", 20, ktB64u) + "»\""},
		fp: []string{"glrt-" + ktTok("glrt2", 12, ktB64u)},
	},
	"gitlab-runner-token-routable": {
		tp: []string{"[[runners]]\n  token = \"«" + ktGLRunner + "»\""},
		fp: []string{"token = \"" + flip(ktGLRunner, 12) + "\"", "glrt-t1_" + ktTok("glrt3", 30, ktB64u) + ".0u1234567"},
	},
	"gitlab-cicd-job-token": {
		tp: []string{"CI_JOB_TOKEN=«glcbt-64_" + ktTok("glcbt", 20, ktB64u) + "»"},
		fp: []string{"glcbt-64" + ktTok("glcbt2", 20, ktAN), "glcbt-abcdefg_" + ktTok("glcbt3", 20, ktB64u)},
	},
	"gitlab-pipeline-trigger-token": {
		tp: []string{"curl -F token=«glptt-" + ktTok("glptt", 40, ktHex) + "» -F ref=main https://gitlab.com/api/v4/projects/1/trigger/pipeline"},
		fp: []string{"token=glptt-" + ktTok("glptt2", 40, ktUpper)},
	},
	"gitlab-feed-token": {
		tp: []string{"https://gitlab.com/dashboard/issues.atom?feed_token=«glft-" + ktTok("glft", 20, ktB64u) + "»"},
		fp: []string{"feed_token=glft-" + ktTok("glft2", 10, ktB64u)},
	},
	"gitlab-incoming-mail-token": {
		tp: []string{"incoming+acme-api-«glimt-" + ktTok("glimt", 25, ktAN) + "»@gitlab.com"},
		fp: []string{"glimt-" + ktTok("glimt2", 20, ktAN)},
	},
	"gitlab-agent-token": {
		tp: []string{"helm upgrade --set config.token=«glagent-" + ktTok("glagent", 50, ktB64u) + "»"},
		fp: []string{"config.token=glagent-xxx", "glagent-" + ktTok("glagent2", 40, ktB64u)},
	},
	"gitlab-scim-token": {
		tp: []string{"SCIM token: «glsoat-" + ktTok("glsoat", 20, ktB64u) + "»"},
		fp: []string{"glsoat-" + ktTok("glsoat2", 21, ktB64u)},
	},
	"gitlab-feature-flag-client-token": {
		tp: []string{"UNLEASH_INSTANCE_ID=«glffct-" + ktTok("glffct", 20, ktB64u) + "»"},
		fp: []string{"glffct-" + ktTok("glffct2", 19, ktB64u)},
	},
	"gitlab-runner-registration-token": {
		tp: []string{"gitlab-runner register --registration-token «GR1348941" + ktTok("grrt", 20, ktB64u) + "»"},
		fp: []string{"GR1348941" + ktTok("grrt2", 10, ktB64u), "XGR1348941" + ktTok("grrt3", 20, ktB64u)},
	},
	"gitlab-session-cookie": {
		tp: []string{"Cookie: «_gitlab_session=" + ktTok("glsess", 32, ktLan) + "»; path=/"},
		fp: []string{"Cookie: _gitlab_session=" + ktTok("glsess2", 32, ktUpper), "_gitlab_session=" + ktTok("glsess3", 20, ktLan)},
	},
	"bitbucket-app-password": {
		tp: []string{"BITBUCKET_APP_PASSWORD=«ATBB" + ktTok("atbb", 32, ktAN) + "»", "git clone https://acme:«ATBB" + ktTok("atbb2", 28, ktAN) + "»@bitbucket.org/acme/api.git"},
		fp: []string{"ATBBxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ATBB" + ktTok("atbb3", 12, ktAN), "ATBB" + ktTok("atbb4", 32, ktLan)},
	},
	"bitbucket-client-secret": {
		tp: []string{"BITBUCKET_CLIENT_SECRET=«" + ktTok("bb-secret", 32, ktAN) + "»"},
		fp: []string{"BITBUCKET_CLIENT_SECRET=${BB_SECRET}", "BITBUCKET_CLIENT_SECRET=" + ktTok("bb-secret2", 20, ktAN)},
	},
	"gitea-token": {
		tp: []string{"GITEA_TOKEN=«" + ktTok("gitea", 40, ktHex) + "»"},
		fp: []string{"GITEA_TOKEN=${{ secrets.GITEA_TOKEN }}", "GITEA_SHA=" + ktTok("gitea2", 40, ktHex)},
	},
	"gitter-access-token": {
		tp: []string{"GITTER_TOKEN=«" + ktTok("gitter", 40, ktLan) + "»"},
		fp: []string{"GITTER_TOKEN=" + ktTok("gitter2", 30, ktLan), "GITTER_ROOM=acme/api"},
	},
	"sourcegraph-access-token": {
		tp: []string{
			"SRC_ACCESS_TOKEN=«sgp_" + ktTok("sgp-id", 16, ktHex) + "_" + ktTok("sgp", 40, ktHex) + "»",
			"SRC_ACCESS_TOKEN=«sgp_local_" + ktTok("sgp2", 40, ktHex) + "»",
			"SRC_ACCESS_TOKEN=«sgp_" + ktTok("sgp3", 40, ktHex) + "»",
		},
		fp: []string{"sgp_" + ktTok("sgp4", 30, ktHex), "sgp_remote_" + ktTok("sgp5", 40, ktHex)},
	},
}
