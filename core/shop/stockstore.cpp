#include "core/shop/stockstore.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"

#include <stdexcept>

namespace lockscope {

QStringList StockStore::names() {
    return BackendRegistry::names();
}

std::unique_ptr<StockStore> StockStore::create(const QString& name, const NamespaceConfig& config) {
    if (const LockBackend* b = BackendRegistry::byName(name))
        return b->createStockStore(config);
    throw std::invalid_argument(
        "unknown stock store '" + name.toStdString() +
        "' (expected one of: " + names().join(QStringLiteral(", ")).toStdString() + ")");
}

} // namespace lockscope
