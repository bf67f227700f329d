#pragma once

#include <QStringList>

namespace lockscope::cli {

/// lockscope-cli shop load-demo | lockscope-cli stock list
class ShopCommand {
public:
    static int loadDemo(const QStringList& args);
    /// shop set-stock --item ID --stock N [--stores ...]: exit 4 in read-only mode.
    static int setStock(const QStringList& args);
    static int listStock(const QStringList& args);
};

} // namespace lockscope::cli
