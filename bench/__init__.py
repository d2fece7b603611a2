"""`make bench`: the generator and the site measured on a synthetic corpus of any size."""
