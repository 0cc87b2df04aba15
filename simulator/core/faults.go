package core

// Fault makes the next calls of one operation answer with a given status
// instead of being handled.
type Fault struct {
	Provider  string `json:"provider"`
	Operation string `json:"operation"`
	Status    int    `json:"status"`
	// Times is how many calls the fault answers; 0 means until cleared.
	Times int `json:"times"`
	// Code picks the error within the status where the provider has several:
	// a Fliqa errorSubCode, a Weavr 409 errorCode, a Fiskil goa error name.
	// Empty means the provider's default for that status.
	Code string `json:"code,omitempty"`
}

// Faults is a sandbox's list of pending faults, matched in the order added.
type Faults struct {
	list []*Fault
}

// Add queues a fault.
func (f *Faults) Add(x Fault) { f.list = append(f.list, &x) }

// Take returns the first fault for the operation and counts one use of it.
func (f *Faults) Take(provider, operation string) (Fault, bool) {
	for i, x := range f.list {
		if x.Provider != provider || x.Operation != operation {
			continue
		}
		got := *x
		if x.Times > 0 {
			x.Times--
			if x.Times == 0 {
				f.list = append(f.list[:i], f.list[i+1:]...)
			}
		}
		return got, true
	}
	return Fault{}, false
}

// List returns the pending faults.
func (f *Faults) List() []Fault {
	out := make([]Fault, len(f.list))
	for i, x := range f.list {
		out[i] = *x
	}
	return out
}

// Clear drops every pending fault.
func (f *Faults) Clear() { f.list = nil }
