#pragma once

#include "core/backends/lockkind.h"

namespace lockscope::zookeeperkinds {

inline constexpr LockKind::Info kRecipeInfo{
    "zk-recipe", Backend::ZooKeeper,
    QT_TRANSLATE_NOOP("LockKind", "A ZooKeeper lock recipe: ephemeral sequential nodes, the lowest "
                                  "holds (LockScope, Curator, "
                                  "kazoo)")};

inline constexpr LockKind kRecipe{&kRecipeInfo};

} // namespace lockscope::zookeeperkinds
