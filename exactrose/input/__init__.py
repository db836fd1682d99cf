"""Input (layer 4): game file formats (.nfg, JSON) and the grammar of parametric payoffs."""
