package rules

// infra returns the rules for package registries, developer platforms and SaaS (npm, PyPI, Docker Hub, Terraform, Vault, Datadog, …).
func infra() []Rule {
	return nil
}
