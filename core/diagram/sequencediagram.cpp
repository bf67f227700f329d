#include "core/diagram/sequencediagram.h"

namespace lockscope {

int SequenceDiagram::laneOf(DiagramLane::Role role) const {
    for (size_t i = 0; i < lanes.size(); ++i)
        if (lanes[i].role == role)
            return int(i);
    return -1;
}

int SequenceDiagram::actorLane(int buyer) const {
    for (size_t i = 0; i < lanes.size(); ++i)
        if (lanes[i].role == DiagramLane::Role::Actor && lanes[i].buyer == buyer)
            return int(i);
    return -1;
}

bool DiagramVerdict::isAnomaly() const {
    using V = DiagramVerdict::Kind;
    switch (kind) {
    case V::Oversold:
    case V::ReadBeforeWrite:
    case V::LeaseExpiredUnfenced:
    case V::HolderCrashed:
    case V::DoubleCharge:
    case V::DiscountTwice:
    case V::LostCartUpdate:
        return true;
    default:
        return false;
    }
}

} // namespace lockscope
