#pragma once

#include "core/namespaceconfig.h"

#include <QStringList>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace lockscope {

/// Where an item's stock lives. Every instance owns its own connection (one per buyer thread).
/// A fenced write carries the lock's token and is refused when a higher token was accepted
/// before for that item: a holder that was paused past its lease cannot overwrite newer stock.
class StockStore {
public:
    enum class WriteResult { Written, Fenced };

    virtual ~StockStore() = default;
    virtual std::string name() const = 0;
    /// Throws ConnectorError; an item that does not exist in the store is NotFound.
    virtual int read(int item) = 0;
    /// The read of a read-modify-write made under a lock: registers token as the highest seen
    /// for the item (so that an older holder's later write is refused) and returns the stock;
    /// nullopt (nothing changed) when a higher token was seen already. Fencing must cover the
    /// read too: otherwise a paused holder that wakes before the new holder writes slips through.
    virtual std::optional<int> readFenced(int item, int64_t token) = 0;
    /// With fencing, refused (Fenced, nothing written) when token < the highest accepted token.
    virtual WriteResult write(int item, int newStock, int64_t token, bool fencing) = 0;
    /// The `atomic` strategy: one conditional write, no lock. False when stock < qty.
    virtual bool decrementIfAvailable(int item, int qty) = 0;
    /// Sets the stock and forgets the highest token (a fresh demo run).
    virtual void reset(int item, int stock) = 0;
    /// The highest fencing token accepted for the item (0 if none).
    virtual int64_t fence(int item) = 0;

    static QStringList names(); ///< postgres, redis, zookeeper
    /// Throws std::invalid_argument for an unknown name.
    static std::unique_ptr<StockStore> create(const QString& name, const NamespaceConfig& config);
};

} // namespace lockscope
