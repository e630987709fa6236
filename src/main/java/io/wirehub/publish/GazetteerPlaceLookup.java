package io.wirehub.publish;

import io.wirehub.gazetteer.Gazetteer;
import io.wirehub.gazetteer.Place;

import java.util.ArrayList;
import java.util.List;

/**
 * Subscriber place filters backed by the enrich stage's GeoNames gazetteer: the same ids, country
 * and division codes and coordinates the items' places carry, and its multilingual name search
 * ("Herat province", "province d'Hérat", "Hà Nội").
 */
public final class GazetteerPlaceLookup implements PlaceLookup {
    private final Gazetteer gazetteer;

    public GazetteerPlaceLookup(Gazetteer gazetteer) {
        this.gazetteer = gazetteer;
    }

    @Override
    public PlaceInfo byId(long geonameId) {
        Place p = gazetteer.byId(geonameId);
        return p == null ? null : info(p);
    }

    @Override
    public List<PlaceInfo> byName(String name) {
        List<PlaceInfo> out = new ArrayList<>();
        for (Place p : gazetteer.search(name)) {
            out.add(info(p));
        }
        return out;
    }

    private static PlaceInfo info(Place p) {
        String admin1 = p.admin1Code() == null || p.admin1Code().isEmpty() ? null : p.admin1Code();
        return new PlaceInfo(p.geonameId(), p.name(), p.countryCode(), admin1, p.featureCode(), p.lat(), p.lon());
    }
}
