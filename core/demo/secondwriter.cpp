#include "core/demo/secondwriter.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/interruptiblewait.h"
#include "core/shop/stockstore.h"

namespace lockscope {

bool waitForSecondWriter(const NamespaceConfig& config, const QString& store, int item,
                         int stockRead, std::chrono::milliseconds limit, std::stop_token stop) {
    using namespace std::chrono;
    const auto s = BackendRegistry::byName(store)->createStockStore(config);
    const auto deadline = steady_clock::now() + limit;
    while (steady_clock::now() < deadline && !stop.stop_requested()) {
        try {
            if (s->read(item) != stockRead)
                return true;
        } catch (const std::exception&) {
            // the store may be the server the fault acts on: ask again
        }
        waitUnlessStopped(stop, milliseconds(50));
    }
    return false;
}

} // namespace lockscope
