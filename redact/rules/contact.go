package rules

// contact returns the rules for contact data: e-mail addresses and phone numbers.
func contact() []Rule {
	return nil
}
