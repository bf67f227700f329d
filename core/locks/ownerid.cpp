#include "core/locks/ownerid.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSysInfo>
#include <unistd.h>

namespace lockscope {

namespace {
std::string hex(int digits) {
    static const char* h = "0123456789abcdef";
    std::string out;
    out.reserve(static_cast<size_t>(digits));
    auto* rng = QRandomGenerator::global();
    for (int i = 0; i < digits; ++i)
        out += h[rng->bounded(16)];
    return out;
}
} // namespace

std::string OwnerId::next() {
    static const std::string host = QSysInfo::machineHostName().toStdString();
    return host + ":" + std::to_string(::getpid()) + ":" + hex(16);
}

std::string OwnerId::guid() {
    return hex(32);
}

} // namespace lockscope
