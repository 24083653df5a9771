package rules

// vcs returns the rules for version control hosts (GitHub, GitLab, Bitbucket).
func vcs() []Rule {
	return nil
}
