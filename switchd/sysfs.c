#include "sysfs.h"

#include <stdio.h>
#include <string.h>

bool
sysfs_net_read(const char *netdev, const char *file, char *buf, size_t size)
{
    char path[96];
    FILE *f;
    bool ok;

    snprintf(path, sizeof path, "/sys/class/net/%s/%s", netdev, file);
    f = fopen(path, "r");
    if (!f)
        return false;
    ok = fgets(buf, size, f) != NULL;
    fclose(f);
    if (ok)
        buf[strcspn(buf, "\n")] = '\0';
    return ok;
}
