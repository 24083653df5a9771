package rules

// network returns the rules for network identifiers: IPv4, IPv6 and MAC addresses.
func network() []Rule {
	return nil
}
