package rules

// cloud returns the rules for cloud providers and infrastructure platforms (AWS, GCP, Azure, DigitalOcean, Heroku, Alibaba, …).
func cloud() []Rule {
	return nil
}
