#pragma once

#include "core/demo/demoscenario.h"

#include <QString>
#include <QtGlobal>
#include <cstdint>
#include <vector>

namespace lockscope {

/// One vertical lane of a sequence diagram: an actor (a buyer, a payment worker, a browser tab),
/// the lock server or the store.
struct DiagramLane {
    enum class Role { Actor, LockServer, Store };
    Role role = Role::Actor;
    int buyer = -1; ///< Actor: the buyer number of the history (Buy page: 0 = Customer A, 1 = B)
    QString name;   ///< as drawn: "Customer A", "Buyer 3", "Redis lock", "PostgreSQL stock"
};

/// One thing that happened on the diagram: an instant or a span on an actor's lane, with an
/// arrow to or from a peer lane. Data only; DiagramExplainer words it.
struct DiagramEvent {
    enum class Kind {
        LockWait,        ///< span on the actor lane: requested .. acquired / timed out
        LockAcquired,    ///< instant, token; arrow lock server -> actor
        Lease,           ///< span: acquired .. lease deadline (or release, if earlier); only
                         ///< strategies with a lease (redis, lease); valueUs = deadline
        LeaseExpired,    ///< instant at the deadline, drawn on the lock-server lane, when the
                         ///< holder had not released by then
        LockTimeout,     ///< instant
        Read,            ///< instant, value = what was read (stock; charges seen; cart qty);
                         ///< arrow actor -> store
        Paying,          ///< span (the critical section's work between read and write)
        Paused,          ///< span: a pause fault (from FaultEvent) or the Buy page's pause
        Crashed,         ///< instant: died holding the lock
        WriteAccepted,   ///< instant, value = written value, token
        WriteFenced,     ///< instant, token = the writer's, seenToken = the higher token the
                         ///< store had seen ("token 33 < 34 seen")
        WriteDuplicate,  ///< instant: refused by a unique constraint (idempotency key)
        Released,        ///< instant: released its own lock
        ReleaseNotOwner, ///< instant: the lock had passed on, nothing deleted
        Confirmed,       ///< instant: order confirmed (end of the attempt)
        Rejected,        ///< instant: sold out / already paid / fenced / timeout / error
        Anomaly,         ///< instant on the write that caused it: an oversell, an extra
                         ///< charge, a second discount use, a lost cart update; value = how many
        Error            ///< instant, text in `detail`
    };
    /// Why an attempt was rejected (Rejected) or which anomaly (Anomaly): typed, worded by
    /// DiagramExplainer.
    enum class Reason {
        None,
        SoldOut,       ///< stock: sold out; double-charge: already paid; cart: nothing to do
        Fenced,        ///< the store refused the write (or the read)
        Timeout,       ///< the lock wait ran out
        Duplicate,     ///< refused by the unique constraint
        Failed,        ///< an error (detail)
        Crashed,       ///< died holding the lock
        Oversold,      ///< Anomaly: stock below zero in orders
        LostUpdate,    ///< Anomaly: overwrote a value another actor wrote after this one's read
        ChargedTwice,  ///< Anomaly: double-charge
        DiscountTwice, ///< Anomaly: cart, the one-time discount used twice
        CartUpdateLost ///< Anomaly: cart, an item update lost
    };
    Kind kind = Kind::Read;
    int lane = 0;        ///< index into lanes (the actor's lane)
    int peerLane = -1;   ///< the lane an arrow goes to/from (lock server, store); -1: none
    qint64 startUs = 0;  ///< on the diagram's clock (microseconds)
    qint64 endUs = -1;   ///< spans only; -1: instant
    qint64 valueUs = -1; ///< Lease: the deadline
    int64_t token = 0;
    int64_t seenToken = 0;
    int value = -1;
    int attempt = -1; ///< index of the attempt (history record) it belongs to
    Reason reason = Reason::None;
    bool discount = false; ///< cart: this attempt's write applied the discount
    QString detail;        ///< data only (an error message), never prose

    bool isSpan() const { return endUs >= 0; }
};

/// A verdict about what the diagram shows: typed, worded by DiagramExplainer.
struct DiagramVerdict {
    enum class Kind {
        Oversold,
        ReadBeforeWrite,
        Serialized,
        FencedLateWrite,
        LeaseExpiredUnfenced,
        HolderCrashed,
        LockTimeout,
        SoldOut,
        DoubleCharge,
        ChargedOnce,
        DuplicateRefused,
        DiscountTwice,
        LostCartUpdate,
        CartConsistent,
        NothingYet
    };
    Kind kind = Kind::NothingYet;
    QString actorA, actorB; ///< names as on the lanes
    int64_t tokenA = 0, tokenB = 0;
    int value = -1;            ///< e.g. the stock both read
    qint64 atUs = -1;          ///< where on the diagram it happened
    bool paused = false;       ///< FencedLateWrite, LeaseExpiredUnfenced: A had been paused
    bool leaseExpired = false; ///< A's lease had run out before its write

    /// Something went wrong that the customer or the shop pays for (an oversell, a second
    /// charge, a lost update, a crashed holder): drawn in the anomaly colour.
    bool isAnomaly() const;
};

/// What the sequence diagram shows: lanes left to right, events in time. Built by
/// SequenceDiagramBuilder, drawn by SequenceDiagramPainter, explained by DiagramExplainer.
struct SequenceDiagram {
    DemoScenario::Race race = DemoScenario::Race::Stock; ///< labels depend on it
    QString strategy;                                    ///< "none", "redis", ...
    bool fencing = true;
    int item = 0; ///< the item (order, cart) the diagram shows; 0: not known
    std::vector<DiagramLane> lanes;
    std::vector<DiagramEvent> events; ///< sorted by startUs
    qint64 beginUs = 0, endUs = 0;
    std::vector<DiagramVerdict> verdicts;
    /// Every actor of the item is drawn (false: a history's chosen buyers, the others left out):
    /// only then may a verdict speak for the whole item ("charged once", "the cart consistent").
    bool allActors = true;
    /// Live: an attempt has not ended yet, so no verdict may say how the round went.
    bool inFlight = false;

    /// The first lane of that role, -1 when there is none.
    int laneOf(DiagramLane::Role role) const;
    /// The actor lane of a buyer, -1 when there is none.
    int actorLane(int buyer) const;
};

} // namespace lockscope
