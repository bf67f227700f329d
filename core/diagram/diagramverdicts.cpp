#include "core/diagram/diagramverdicts.h"

namespace lockscope {

std::vector<DiagramVerdict> DiagramVerdicts::compute(const SequenceDiagram& d) {
    (void)d;
    return {};
}

} // namespace lockscope
