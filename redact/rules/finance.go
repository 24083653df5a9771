package rules

// finance returns the rules for financial identifiers: payment cards, IBAN, ABA routing numbers, crypto wallet addresses.
func finance() []Rule {
	return nil
}
