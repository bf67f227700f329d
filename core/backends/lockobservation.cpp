#include "core/backends/lockobservation.h"

namespace lockscope {

LockObservation::~LockObservation() = default;

} // namespace lockscope
