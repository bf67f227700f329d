#pragma once

#include <QStringList>

namespace lockscope::cli {

/// lockscope-cli shop load-demo | lockscope-cli stock list
class ShopCommand {
public:
    static int loadDemo(const QStringList& args);
    static int listStock(const QStringList& args);
};

} // namespace lockscope::cli
