#pragma once

#include <QString>

namespace lockscope {

/// The three connection strings the console works with.
struct Endpoints {
    QString redis;
    QString zookeeper;
    QString postgres;
};

} // namespace lockscope
