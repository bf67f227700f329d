#include "core/shop/purchase.h"

namespace lockscope {

const char* PurchaseEvent::stepName(Step step) {
    switch (step) {
    case Step::WaitingForLock:
        return "waiting-for-lock";
    case Step::Acquired:
        return "acquired";
    case Step::ReadStock:
        return "read-stock";
    case Step::Paying:
        return "paying";
    case Step::WroteStock:
        return "wrote-stock";
    case Step::Fenced:
        return "fenced";
    case Step::SoldOut:
        return "sold-out";
    case Step::LockTimeout:
        return "lock-timeout";
    case Step::Released:
        return "released";
    case Step::Failed:
        return "failed";
    case Step::Done:
        return "done";
    }
    return "unknown";
}

const char* PurchaseEvent::noteName(Note note) {
    switch (note) {
    case Note::None:
        return "";
    case Note::ConditionalDecrement:
        return "conditional-decrement";
    case Note::ReadRefused:
        return "read-refused";
    case Note::WriteRefused:
        return "write-refused";
    case Note::ReleasedOwn:
        return "released";
    case Note::NotOwnerAnyMore:
        return "not-owner";
    case Note::ReleaseFailed:
        return "release-failed";
    case Note::Crashed:
        return "crashed";
    case Note::Duplicate:
        return "duplicate";
    case Note::AlreadyPaid:
        return "already-paid";
    case Note::DiscountApplied:
        return "discount-applied";
    case Note::AtomicIncrement:
        return "atomic-increment";
    }
    return "unknown";
}

const char* PurchaseResult::outcomeName(Outcome outcome) {
    switch (outcome) {
    case Outcome::Confirmed:
        return "confirmed";
    case Outcome::SoldOut:
        return "sold-out";
    case Outcome::LockTimeout:
        return "lock-timeout";
    case Outcome::Fenced:
        return "fenced";
    case Outcome::Error:
        return "error";
    }
    return "unknown";
}

} // namespace lockscope
