namespace Infra.Geodata;

/// <summary>
/// Smooth, seeded fractal value noise over a plane in km, roughly in [-1, 1]. Lattice values come from
/// the generator's one <see cref="Random"/>, so the field is as deterministic as the seed.
/// </summary>
internal sealed class Noise
{
    private readonly Octave[] _octaves;
    private readonly double _norm;

    /// <param name="featureKm">Size of the largest features; each further octave halves it.</param>
    /// <param name="persistence">Amplitude of each octave relative to the one before: higher is rougher.</param>
    public Noise(Random random, double minXkm, double minYkm, double maxXkm, double maxYkm, double featureKm, int octaves,
        double persistence = 0.5)
    {
        _octaves = new Octave[octaves];
        var amplitude = 1.0;
        for (var o = 0; o < octaves; o++)
        {
            _octaves[o] = new Octave(random, minXkm, minYkm, maxXkm, maxYkm, featureKm / (1 << o), amplitude);
            _norm += amplitude;
            amplitude *= persistence;
        }
    }

    public double At(double xKm, double yKm)
    {
        var sum = 0.0;
        foreach (var octave in _octaves)
        {
            sum += octave.At(xKm, yKm);
        }

        return sum / _norm;
    }

    private sealed class Octave
    {
        private readonly double[] _values;
        private readonly int _nx;
        private readonly double _x0;
        private readonly double _y0;
        private readonly double _spacing;
        private readonly double _amplitude;

        public Octave(Random random, double minX, double minY, double maxX, double maxY, double spacing, double amplitude)
        {
            _spacing = spacing;
            _amplitude = amplitude;
            _x0 = minX - spacing;
            _y0 = minY - spacing;
            _nx = (int)Math.Ceiling((maxX - minX) / spacing) + 3;
            var ny = (int)Math.Ceiling((maxY - minY) / spacing) + 3;
            _values = new double[_nx * ny];
            for (var k = 0; k < _values.Length; k++)
            {
                _values[k] = (random.NextDouble() * 2) - 1;
            }
        }

        public double At(double x, double y)
        {
            double u = (x - _x0) / _spacing, v = (y - _y0) / _spacing;
            int i = (int)Math.Floor(u), j = (int)Math.Floor(v);
            double fu = Fade(u - i), fv = Fade(v - j);
            var k = (j * _nx) + i;
            var bottom = Lerp(_values[k], _values[k + 1], fu);
            var top = Lerp(_values[k + _nx], _values[k + _nx + 1], fu);
            return _amplitude * Lerp(bottom, top, fv);
        }

        // Quintic fade: continuous second derivative, so borders traced through the field have no kinks at lattice lines.
        private static double Fade(double t) => t * t * t * ((t * ((t * 6) - 15)) + 10);

        private static double Lerp(double a, double b, double t) => a + ((b - a) * t);
    }
}
