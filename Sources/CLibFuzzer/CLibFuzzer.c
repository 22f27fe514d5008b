// SwiftPM needs a source file in every C target; the header is all this module offers.
#include "CLibFuzzer.h"
