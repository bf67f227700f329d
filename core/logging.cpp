#include "core/logging.h"

Q_LOGGING_CATEGORY(lcSandbox, "lockscope.sandbox", QtInfoMsg)
Q_LOGGING_CATEGORY(lcLocks, "lockscope.locks", QtWarningMsg)
Q_LOGGING_CATEGORY(lcShop, "lockscope.shop", QtWarningMsg)
Q_LOGGING_CATEGORY(lcDemo, "lockscope.demo", QtWarningMsg)
Q_LOGGING_CATEGORY(lcMonitor, "lockscope.monitor", QtWarningMsg)
