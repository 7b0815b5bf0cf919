#!/usr/bin/env python3
# count_pbf.py FILE.osm.pbf: independent count of nodes, ways, relations, highway
# and route=ferry ways, decoding the protobuf by hand (no OSM library), used
# to check the figures test_net_read.c asserts for monaco.osm.pbf. 'road2'
# counts the highway or ferry ways with at least two node references (a way
# of one node is no line: GDAL drops it) and 'refs' their references, which
# are the points io_osm_read keeps when every node is in the file.
import struct, sys, zlib
def varint(b, i):
    r = s = 0
    while True:
        c = b[i]; i += 1; r |= (c & 0x7f) << s; s += 7
        if c < 0x80: return r, i
def fields(b):
    i = 0
    while i < len(b):
        k, i = varint(b, i); f, t = k >> 3, k & 7
        if t == 0: v, i = varint(b, i)
        elif t == 2:
            n, i = varint(b, i); v = b[i:i+n]; i += n
        elif t == 1: v = b[i:i+8]; i += 8
        elif t == 5: v = b[i:i+4]; i += 4
        else: raise ValueError(t)
        yield f, v
def packed(b):
    i = 0; out = []
    while i < len(b):
        v, i = varint(b, i); out.append(v)
    return out
data = open(sys.argv[1], 'rb').read(); p = 0
nodes = ways = rels = hw = ferry = road2 = refs = 0
while p < len(data):
    n = struct.unpack('>I', data[p:p+4])[0]; p += 4
    hdr = dict(fields(data[p:p+n])); p += n
    size = hdr[3]; blob = dict(fields(data[p:p+size])); p += size
    raw = zlib.decompress(blob[3]) if 3 in blob else blob[1]
    if hdr[1] != b'OSMData': continue
    st = []; groups = []
    for f, v in fields(raw):
        if f == 1: st = [s for ff, s in fields(v) if ff == 1]
        elif f == 2: groups.append(v)
    for g in groups:
        for f, v in fields(g):
            if f == 1: nodes += 1
            elif f == 2:
                nodes += len(packed(dict(fields(v))[1]))
            elif f == 3:
                ways += 1
                d = {}
                for ff, vv in fields(v): d[ff] = vv
                keys = packed(d.get(2, b'')); vals = packed(d.get(3, b''))
                tags = {st[k]: st[x] for k, x in zip(keys, vals)}
                if b'highway' in tags: hw += 1
                if tags.get(b'route') == b'ferry': ferry += 1
                n = len(packed(d.get(8, b'')))
                if (b'highway' in tags or tags.get(b'route') == b'ferry') and n >= 2:
                    road2 += 1; refs += n
            elif f == 4: rels += 1
print('nodes', nodes, 'ways', ways, 'relations', rels, 'highway', hw, 'ferry', ferry,
      'road2', road2, 'refs', refs)
