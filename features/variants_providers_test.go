package features_test

// providerVariants lists each provider's own faithful variants: answers
// its reference allows that differ from the simulator's (one line per
// provider, its variants in variants_<provider>_test.go).
func providerVariants() []variant {
	var out []variant
	out = append(out, fliqaVariants()...)
	out = append(out, weavrVariants()...)
	out = append(out, fiskilVariants()...)
	return out
}
