"""Geography: the embedded tree of boards, authorities and clusters, official boundaries and lookups
laid over it, the check that a layer covers its parents, and the hex grid of clusters."""
