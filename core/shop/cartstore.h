#pragma once

#include "core/namespaceconfig.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace lockscope {

/// The cart race's store: one cart per item id with one line (its quantity), a one-time
/// discount code per cart, and the uses of that code. Every instance owns its own connection
/// (one per browser tab). Fenced calls as StockStore's.
class CartStore {
public:
    /// What a tab reads.
    struct Cart {
        int qty = 0;          ///< the line's quantity
        int discountUses = 0; ///< uses of the cart's code recorded (0: not used yet)
    };
    /// What a tab writes: optionally a use of the code, and the line's quantity.
    struct Edit {
        bool applyDiscount = false;
        /// The quantity to write (read-modify-write: the read + 1); -1: an atomic
        /// `qty = qty + 1` in the database.
        int newQty = -1;
        /// The code's use is checked by the UNIQUE (cart, code) constraint (strategy
        /// idempotency): a second use is refused instead of recorded.
        bool enforceOnce = false;
    };
    struct EditResult {
        bool fenced = false;            ///< refused: a higher token was seen (nothing written)
        bool discountApplied = false;   ///< a use of the code was recorded
        bool discountDuplicate = false; ///< the use was refused by the UNIQUE constraint
        int qty = -1;                   ///< the quantity the line holds after the write
    };

    virtual ~CartStore() = default;
    /// A fresh cart for a run: the line at qty, a new one-time code, no uses, fence 0.
    virtual void reset(int cart, int qty, const std::string& runId) = 0;
    /// Throws ConnectorError (NotFound: no such cart).
    virtual Cart read(int cart) = 0;
    /// Registers token as the highest seen for the cart; nullopt when a higher one was seen.
    virtual std::optional<Cart> readFenced(int cart, int64_t token) = 0;
    /// The code's use (if asked) and the quantity in one transaction; with fencing, refused
    /// (fenced, nothing written) when token is below the highest seen for the cart.
    virtual EditResult write(int cart, const Edit& edit, const std::string& runId,
                             const std::string& buyer, int64_t token, bool fencing) = 0;
    virtual int64_t fence(int cart) = 0;

    /// The PostgreSQL cart store (the only one: the race needs a UNIQUE constraint).
    static std::unique_ptr<CartStore> create(const NamespaceConfig& config);
};

} // namespace lockscope
