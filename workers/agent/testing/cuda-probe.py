"""Counts the CUDA devices this process can see (driver API through ctypes) and, when asked, holds memory on one."""
import ctypes, json, os, sys, time

r = {"cvd": os.environ.get("CUDA_VISIBLE_DEVICES"), "order": os.environ.get("CUDA_DEVICE_ORDER")}
try:
    cuda = ctypes.CDLL("libcuda.so.1")
    r["init"] = cuda.cuInit(0)
    n = ctypes.c_int(0)
    if r["init"] == 0:
        cuda.cuDeviceGetCount(ctypes.byref(n))
    r["count"] = n.value
    hold = float(sys.argv[1]) if len(sys.argv) > 1 else 0
    if n.value and hold:
        dev, ctx, ptr = ctypes.c_int(0), ctypes.c_void_p(), ctypes.c_uint64()
        cuda.cuDeviceGet(ctypes.byref(dev), 0)
        r["ctx"] = cuda.cuCtxCreate_v2(ctypes.byref(ctx), 0, dev)
        r["alloc"] = cuda.cuMemAlloc_v2(ctypes.byref(ptr), ctypes.c_size_t(8 << 30))
        print(json.dumps(r), flush=True)
        time.sleep(hold)
        sys.exit(0)
except Exception as e:  # no driver
    r["error"] = str(e)
print(json.dumps(r), flush=True)
