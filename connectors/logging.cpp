#include "connectors/logging.h"

Q_LOGGING_CATEGORY(lcRedis, "lockscope.redis", QtWarningMsg)
Q_LOGGING_CATEGORY(lcZooKeeper, "lockscope.zookeeper", QtWarningMsg)
Q_LOGGING_CATEGORY(lcPostgres, "lockscope.postgres", QtWarningMsg)
Q_LOGGING_CATEGORY(lcWatchdog, "lockscope.watchdog", QtWarningMsg)
