#include "core/diagram/diagramexplainer.h"

#include <QCoreApplication>

namespace lockscope {

namespace {

using Kind = DiagramEvent::Kind;
using Reason = DiagramEvent::Reason;
using V = DiagramVerdict::Kind;
using Race = DemoScenario::Race;

QString tr(const char* s) {
    return QCoreApplication::translate("lockscope::DiagramExplainer", s);
}

/// A name as drawn, or a stand-in when the diagram does not show that actor.
QString who(const QString& name) {
    return name.isEmpty()
               ? QCoreApplication::translate("lockscope::DiagramExplainer", "another actor")
               : name;
}

} // namespace

QString DiagramExplainer::why(const DiagramVerdict& v, DemoScenario::Race race) {
    QString text = whyText(v, race);
    if (!text.isEmpty()) // "another actor ..." opens a sentence too
        text[0] = text[0].toUpper();
    return text;
}

QString DiagramExplainer::whyText(const DiagramVerdict& v, DemoScenario::Race race) {
    const QString a = who(v.actorA);
    const QString b = who(v.actorB);
    switch (v.kind) {
    case V::Oversold:
        return tr("%2 read stock %3 and sold, but %1 had already sold from that stock: with "
                  "%2's order the item's confirmed orders exceed its stock, and more was sold "
                  "than there was.")
            .arg(a, b)
            .arg(v.value);
    case V::ReadBeforeWrite:
        if (race == Race::Cart)
            return v.value == 1
                       ? tr("%1 and %2 both read a cart of 1 item before either wrote: the later "
                            "write overwrote the earlier one, and nothing ordered "
                            "read-change-write.")
                             .arg(a, b)
                       : tr("%1 and %2 both read a cart of %3 items before either wrote: the "
                            "later write overwrote the earlier one, and nothing ordered "
                            "read-change-write.")
                             .arg(a, b)
                             .arg(v.value);
        return tr("Both %1 and %2 read stock %3 before either wrote: without a lock nothing "
                  "orders read-check-write.")
            .arg(a, b)
            .arg(v.value);
    case V::Serialized:
        return tr("%1 took the lock with token %2 and %3 only after it with token %4: each read "
                  "the stock the one before had written.")
            .arg(a)
            .arg(v.tokenA)
            .arg(b)
            .arg(v.tokenB);
    case V::FencedLateWrite:
        if (v.paused && v.leaseExpired)
            return tr("%1's lease expired while it was paused; %2 took the lock with token %3; "
                      "%1's write with token %4 was refused by the store.")
                .arg(a, b)
                .arg(v.tokenB)
                .arg(v.tokenA);
        if (v.leaseExpired)
            return tr("%1's lease expired before it wrote; %2 took the lock with token %3; %1's "
                      "write with token %4 was refused by the store.")
                .arg(a, b)
                .arg(v.tokenB)
                .arg(v.tokenA);
        return tr("%1 wrote with token %2 after the store had seen token %3 (%4): the store "
                  "refused the older token, so the late write changed nothing.")
            .arg(a)
            .arg(v.tokenA)
            .arg(v.tokenB)
            .arg(b);
    case V::LeaseExpiredUnfenced:
        return tr("%1's lease expired%2; %3 took the lock with token %4; %1's write with token "
                  "%5 was still accepted: without fencing the store cannot tell a stale holder.")
            .arg(a, v.paused ? tr(" while it was paused") : QString(), b)
            .arg(v.tokenB)
            .arg(v.tokenA);
    case V::HolderCrashed:
        if (v.actorB.isEmpty())
            return tr("%1 died holding the lock (token %2); nobody else took it in the diagram.")
                .arg(a)
                .arg(v.tokenA);
        return tr("%1 died holding the lock (token %2); the lock was free again only when it "
                  "expired, then %3 took it with token %4.")
            .arg(a)
            .arg(v.tokenA)
            .arg(b)
            .arg(v.tokenB);
    case V::LockTimeout:
        return tr("%1 waited %2 ms for the lock and gave up: the holder kept it longer.")
            .arg(a)
            .arg(v.value);
    case V::SoldOut:
        return tr("%1 read stock %2 after %3's write: sold out, nothing oversold.")
            .arg(b)
            .arg(v.value)
            .arg(a);
    case V::DoubleCharge:
        return tr("%1 and %2 both saw the order unpaid and both charged the card: the customer "
                  "paid twice.")
            .arg(a, b);
    case V::ChargedOnce:
        return tr("%1 charged the card once; every other confirmation found the order already "
                  "paid or was refused.")
            .arg(a);
    case V::DuplicateRefused:
        if (race == Race::Cart)
            return tr("%1 tried the discount again: refused by the store's unique constraint, "
                      "the code had already been used on this cart (by %2).")
                .arg(b, a);
        return tr("%1's charge was refused: the order's idempotency key was already taken (by "
                  "%2), a unique constraint in the store.")
            .arg(b, a);
    case V::DiscountTwice:
        return tr("%1 and %2 both applied the one-time discount code before either recorded "
                  "it: the discount was used twice.")
            .arg(a, b);
    case V::LostCartUpdate:
        return tr("%2 wrote the cart from a read taken before %1's write: %1's item update was "
                  "lost.")
            .arg(a, b);
    case V::CartConsistent:
        return tr("The cart's updates followed one another (first by %1): the discount was "
                  "used once and no update was lost.")
            .arg(a);
    case V::NothingYet:
        break;
    }
    return tr("Nothing has happened yet.");
}

QString DiagramExplainer::headline(const DiagramVerdict& v) {
    switch (v.kind) {
    case V::Oversold:
        return tr("OVERSOLD");
    case V::ReadBeforeWrite:
        return tr("READ BEFORE WRITE");
    case V::Serialized:
        return tr("SERIALIZED");
    case V::FencedLateWrite:
        return tr("FENCED OFF");
    case V::LeaseExpiredUnfenced:
        return tr("STALE WRITE ACCEPTED");
    case V::HolderCrashed:
        return tr("HOLDER CRASHED");
    case V::LockTimeout:
        return tr("LOCK TIMEOUT");
    case V::SoldOut:
        return tr("SOLD OUT");
    case V::DoubleCharge:
        return tr("CHARGED TWICE");
    case V::ChargedOnce:
        return tr("CHARGED ONCE");
    case V::DuplicateRefused:
        return tr("DUPLICATE REFUSED");
    case V::DiscountTwice:
        return tr("DISCOUNT USED TWICE");
    case V::LostCartUpdate:
        return tr("CART UPDATE LOST");
    case V::CartConsistent:
        return tr("CART CONSISTENT");
    case V::NothingYet:
        break;
    }
    return tr("NOTHING YET");
}

QStringList DiagramExplainer::paragraphs(const SequenceDiagram& d) {
    QStringList out;
    for (const DiagramVerdict& v : d.verdicts)
        out << headline(v) + QStringLiteral(": ") + why(v, d.race);
    return out;
}

QString DiagramExplainer::label(const SequenceDiagram& d, const DiagramEvent& e) {
    const Race race = d.race;
    switch (e.kind) {
    case Kind::LockWait:
        return {};
    case Kind::LockAcquired:
        return e.token ? tr("lock acquired, token %1").arg(e.token) : tr("lock acquired");
    case Kind::Lease:
        return tr("lease %1 ms").arg((e.valueUs - e.startUs) / 1000);
    case Kind::LeaseExpired: {
        const bool known = e.lane >= 0 && size_t(e.lane) < d.lanes.size();
        return known ? tr("lease of %1 expired").arg(d.lanes[size_t(e.lane)].name)
                     : tr("lease expired");
    }
    case Kind::LockTimeout:
        return tr("lock wait timed out");
    case Kind::Read:
        switch (race) {
        case Race::Stock:
            return tr("read stock = %1").arg(e.value);
        case Race::DoubleCharge:
            return e.value >= 1 ? (e.value == 1 ? tr("already paid (1 charge)")
                                                : tr("already paid (%1 charges)").arg(e.value))
                                : tr("order unpaid");
        case Race::Cart:
            return (e.value == 1 ? tr("cart has 1 item") : tr("cart has %1 items").arg(e.value));
        }
        break;
    case Kind::Paying:
        return race == Race::DoubleCharge ? tr("charging") : tr("paying");
    case Kind::Paused:
        return tr("paused %1 ms").arg((e.endUs - e.startUs) / 1000);
    case Kind::Crashed:
        return tr("crashed holding the lock");
    case Kind::WriteAccepted:
        switch (race) {
        case Race::Stock:
            return tr("write stock = %1").arg(e.value);
        case Race::DoubleCharge:
            return tr("charge card");
        case Race::Cart:
            return e.discount ? tr("write cart = %1, discount applied").arg(e.value)
                              : tr("write cart = %1").arg(e.value);
        }
        break;
    case Kind::WriteFenced:
        return e.seenToken ? tr("token %1 < %2 seen").arg(e.token).arg(e.seenToken)
                           : tr("token %1 refused").arg(e.token);
    case Kind::WriteDuplicate:
        switch (race) {
        case Race::DoubleCharge:
            return tr("charge refused: idempotency key taken");
        case Race::Cart:
            return tr("discount refused: already used");
        case Race::Stock:
            break;
        }
        return tr("write refused: duplicate");
    case Kind::Released:
        return tr("released");
    case Kind::ReleaseNotOwner:
        return tr("release: not the owner any more");
    case Kind::Confirmed:
        switch (race) {
        case Race::Stock:
            return tr("order confirmed");
        case Race::DoubleCharge:
            return tr("payment confirmed");
        case Race::Cart:
            return tr("cart saved");
        }
        break;
    case Kind::Rejected:
        switch (e.reason) {
        case Reason::SoldOut:
            return race == Race::DoubleCharge ? tr("already paid, nothing to do")
                   : race == Race::Cart       ? tr("nothing to do")
                                              : tr("rejected: sold out");
        case Reason::Fenced:
            return tr("rejected: fenced off");
        case Reason::Timeout:
            return tr("rejected: lock timeout");
        case Reason::Duplicate:
            return tr("rejected: duplicate");
        default:
            return tr("rejected: error");
        }
    case Kind::Anomaly:
        switch (e.reason) {
        case Reason::Oversold:
            return tr("OVERSOLD");
        case Reason::LostUpdate:
            return tr("LOST UPDATE");
        case Reason::ChargedTwice:
            return tr("charged twice");
        case Reason::DiscountTwice:
            return tr("discount used twice");
        case Reason::CartUpdateLost:
            return tr("cart update lost");
        default:
            break;
        }
        return tr("anomaly");
    case Kind::Error:
        return tr("error: %1").arg(e.detail.left(60));
    }
    return {};
}

} // namespace lockscope
