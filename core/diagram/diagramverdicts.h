#pragma once

#include "core/diagram/sequencediagram.h"

#include <vector>

namespace lockscope {

/// The typed verdicts of a diagram, read from its events (both builders use it): an oversell
/// and the reads before it, a fenced late write, an expired lease that let a stale write
/// through, a crashed holder, a lock timeout, a double charge, a discount used twice ... or,
/// when nothing went wrong, how it was kept right (serialized, refused by the key).
class DiagramVerdicts {
public:
    static std::vector<DiagramVerdict> compute(const SequenceDiagram& d);
};

} // namespace lockscope
