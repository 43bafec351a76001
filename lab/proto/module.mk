# lab/proto (layer 0): the protocols and tables shared by isolab, its
# launchers and the freestanding workload. Headers only: nothing to compile.
