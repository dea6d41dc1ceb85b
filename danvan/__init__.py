"""danvan: a platform for công tác dân vận (mass-mobilization work) in a Vietnamese province."""
