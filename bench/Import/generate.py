#!/usr/bin/env python3
"""Writes the benchmark's input files: N base stations as CSV (lon/lat columns) and M fiber routes as GeoJSON,
all inside Zhumadian (within ~7 km of the ten county seats of DESIGN §7, so inside the counties' union), plus the
same rows as CSV with EWKT for psql \\copy. Deterministic (seeded), so every run loads the same bytes."""
import json, random, sys

SEATS = [(114.0233, 32.9794), (114.0209, 33.3839), (114.2612, 33.2664), (114.6318, 32.9577), (114.3837, 32.6037),
         (114.0208, 32.8035), (113.3198, 32.7271), (114.3538, 33.0063), (113.9979, 33.1488), (114.9699, 32.7521)]

def near(rnd, i, spread=0.06):
    lon, lat = SEATS[i % len(SEATS)]
    return lon + rnd.uniform(-spread, spread), lat + rnd.uniform(-spread, spread)

def stations(path, copy_path, n, seed=1):
    rnd = random.Random(seed)
    techs = ["gsm", "tdScdma", "lte", "nr"]
    with open(path, "w") as f, open(copy_path, "w") as c:
        f.write("code,name,lon,lat,technology,omniRadiusM,antennaHeightM,commissionedOn\n")
        for i in range(n):
            lon, lat = near(rnd, i); lon = round(lon, 6); lat = round(lat, 6)
            tech = techs[i % 4]; radius = rnd.choice(["", "1500", "3000", "5000"]); height = 20 + i % 30
            day = f"{2005 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            f.write(f"bs-{i},Station {i},{lon},{lat},{tech},{radius},{height},{day}\n")
            enum = {"gsm": "Gsm", "tdScdma": "TdScdma", "lte": "Lte", "nr": "Nr"}[tech]
            c.write(f"3,bs-{i},Station {i},{day},SRID=4326;POINT({lon} {lat}),{enum},{radius},[],{height}\n")

def routes(path, copy_path, n, seed=2):
    rnd = random.Random(seed)
    with open(path, "w") as f, open(copy_path, "w") as c:
        f.write('{"type":"FeatureCollection","features":[\n')
        for i in range(n):
            lon, lat = near(rnd, i, 0.04)
            pts = [[round(lon + k * 0.004, 6), round(lat + rnd.uniform(-0.002, 0.002) + k * 0.002, 6)] for k in range(8)]
            cores = rnd.choice([12, 24, 48, 96]); laying = ["aerial", "directBuried", "duct"][i % 3]; tier = ["backbone", "distribution", "access"][i % 3]
            day = f"{2005 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            props = {"code": f"fr-{i}", "name": f"Route {i}", "cores": cores, "laying": laying, "tier": tier, "commissionedOn": day}
            f.write(("," if i else "") + json.dumps({"type": "Feature", "geometry": {"type": "LineString", "coordinates": pts}, "properties": props}) + "\n")
            wkt = "LINESTRING(" + ",".join(f"{x} {y}" for x, y in pts) + ")"
            enum = {"aerial": "Aerial", "directBuried": "DirectBuried", "duct": "Duct"}[laying]
            c.write(f'4,fr-{i},Route {i},{day},"SRID=4326;{wkt}",{cores},{enum},{tier.capitalize()}\n')
        f.write("]}\n")

if __name__ == "__main__":
    out, kind, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    (stations if kind == "stations" else routes)(f"{out}.{'csv' if kind == 'stations' else 'geojson'}", f"{out}.copy.csv", n)
