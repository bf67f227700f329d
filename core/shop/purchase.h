#pragma once

#include <QMetaType>
#include <chrono>
#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>

namespace lockscope {

/// One purchase: take the lock for the item, read stock, check it, pay, write stock, record the
/// order, release.
struct PurchaseRequest {
    int item = 1;
    int qty = 1;
    std::string buyer = "buyer";
    std::string runId;
    std::chrono::milliseconds pay{0};       ///< simulated payment inside the critical section
    std::chrono::milliseconds lease{10000}; ///< lock lease (redis, lease)
    std::chrono::milliseconds wait{10000};  ///< lock wait deadline
    bool fencing = true;
    bool watchdog = false; ///< renew the lease at a third of its length
    /// Called inside the critical section after paying and before writing (a pause fault, or
    /// the console's "pause this holder" button blocks here).
    std::function<void()> hold;
    std::chrono::milliseconds releaseDelay{0}; ///< slow-release fault
    /// When stop is requested the purchase finishes at once: the simulated payment and a slow
    /// release stop waiting (the lock is still released and the order recorded).
    std::stop_token stop;
};

/// What happened, step by step; delivered to the observer as it happens.
struct PurchaseEvent {
    enum class Step {
        WaitingForLock,
        Acquired,
        ReadStock,
        Paying,
        WroteStock,
        Fenced,
        SoldOut,
        LockTimeout,
        Released,
        Failed,
        Done
    };
    /// What more there is to say about a step, typed: the console words it, translated.
    enum class Note {
        None,
        ConditionalDecrement, ///< WroteStock by `atomic`: one conditional write
        ReadRefused,          ///< Fenced: the read was refused, a newer holder has been here
        WriteRefused,         ///< Fenced: the write was refused, a newer holder has written
        ReleasedOwn,          ///< Released: the lock was still ours and is gone now
        NotOwnerAnyMore,      ///< Released: it had passed on, nothing was deleted
        ReleaseFailed,        ///< Failed while releasing (detail: the server's error)
        Crashed,              ///< Failed: a simulated crash inside the critical section
        /// SoldOut (double-charge: the charge's idempotency key was taken, "already paid") or
        /// WroteStock (cart: the item was added, the discount code's use refused): a UNIQUE
        /// constraint refused a second time
        Duplicate,
        AlreadyPaid,     ///< SoldOut (double-charge): the order read as paid, nothing to do
        DiscountApplied, ///< WroteStock (cart): the one-time code's use was recorded too
        AtomicIncrement  ///< WroteStock (cart, idempotency): qty = qty + 1 in the database
    };
    Step step = Step::WaitingForLock;
    Note note = Note::None;
    std::string buyer;
    int item = 0;
    int64_t token = 0;
    int stock = -1;
    /// ReadStock of the cart race: the discount code's uses seen (0: unused); -1 elsewhere.
    int discountUses = -1;
    std::chrono::microseconds elapsed{0}; ///< since the purchase started
    /// Data, never prose: the lock's raw value (Acquired) or a server's error message (Failed).
    std::string detail;

    static const char* stepName(Step step);
    static const char* noteName(Note note);
};

struct PurchaseResult {
    enum class Outcome { Confirmed, SoldOut, LockTimeout, Fenced, Error };
    Outcome outcome = Outcome::Error;
    int64_t orderId = 0;
    int64_t token = 0;
    int stockRead = -1;
    int stockWritten = -1;
    std::chrono::microseconds lockWait{0};
    std::chrono::microseconds total{0};
    std::string error;
    bool lockLostInCriticalSection = false;
    bool crashed = false; ///< a simulated crash fault: died holding the lock
    /// Double-charge / cart: a UNIQUE constraint refused the charge / the code's use.
    bool duplicate = false;
    bool discountApplied = false; ///< cart: this attempt recorded a use of the code

    static const char* outcomeName(Outcome outcome);
};

using PurchaseObserver = std::function<void(const PurchaseEvent&)>;

} // namespace lockscope

/// Cross from a Buy-page customer's thread to the GUI by queued signals.
Q_DECLARE_METATYPE(lockscope::PurchaseEvent)
Q_DECLARE_METATYPE(lockscope::PurchaseResult)
